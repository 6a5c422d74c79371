-- Loaded by the harness's wrk engine. response() checks every answer against the expected one: its status,
-- and its body byte for byte (LuaJIT interns strings, so comparing the body with the expected one is a
-- pointer comparison once wrk has made it a string). That costs wrk about an eighth of its speed on a small
-- file, measured here; without it, a wrong answer of the right size would pass. done() prints one line the
-- harness parses. Arguments after --: the expected status, the file holding the expected body.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected_status = tonumber(args[1])
  local file = assert(io.open(args[2], 'rb'))
  expected_body = file:read('*a')
  file:close()
  wrong = 0
end

function response(status, headers, body)
  if status ~= expected_status or body ~= expected_body then
    wrong = wrong + 1
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
