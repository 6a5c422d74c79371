-- Loaded by the harness's wrk engine. response() checks every answer against the expected one: its status,
-- and its body byte for byte (LuaJIT interns strings, so comparing the body with the expected one is a
-- pointer comparison once wrk has made it a string). That costs wrk about an eighth of its speed on a small
-- file, measured here; without it, a wrong answer of the right size would pass. done() prints one line the
-- harness parses. Arguments after --: the expected status, the file holding the expected body.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- WRK_CHECK_BODY=0 leaves response() undefined, for a body too large to hold as a string (the huge
-- scenario's 256 MiB): wrk would copy all of it into a buffer it grows 1 KiB per realloc, and stall. wrk
-- decides whether to collect bodies when it loads the script, before init() sees any argument, hence an
-- environment variable. The harness then checks those answers by wrk's totals alone.
-- WRK_CHECK_BODY=length holds each body to the expected one's length only: an answer whose bytes change
-- per request (a timestamp in it), as the harness learned from a server with content of its own.
local body_check = os.getenv('WRK_CHECK_BODY')
local check_body = body_check ~= '0'
local by_length = body_check == 'length'

function init(args)
  expected_status = tonumber(args[1])
  if check_body then
    local file = assert(io.open(args[2], 'rb'))
    expected_body = file:read('*a')
    expected_length = #expected_body
    file:close()
  end
  wrong = 0
end

if check_body then
  function response(status, headers, body)
    if status ~= expected_status or (by_length and #body ~= expected_length)
      or (not by_length and body ~= expected_body) then
      wrong = wrong + 1
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local checked_wrong = 0
  for _, thread in ipairs(threads) do
    checked_wrong = checked_wrong + thread:get('wrong')
  end
  io.write(string.format(
    'WRK_RESULT {"durationUs":%d,"requests":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"wrong":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    checked_wrong, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
