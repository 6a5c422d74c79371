// What each scenario measures, for the reader who never saw the harness. This is method, not result: the
// numbers and their reading come from insights.ts.
import type { ScenarioId } from '../../results/schema.ts';

export const SCENARIO_TEXT: Record<ScenarioId, { readonly title: string; readonly what: string }> = {
  small: {
    title: 'GET / over keep-alive connections',
    what:
      'Every connection stays open and sends the next request as soon as the answer arrives: the cost of ' +
      'reading, parsing and answering a request, with no connection set-up.',
  },
  close: {
    title: 'GET / with Connection: close',
    what:
      'A new TCP connection for every request: the three-way handshake and the teardown come back each time, ' +
      'and the server, closing first, keeps each finished socket in TIME_WAIT.',
  },
  large: {
    title: 'GET the 1 MiB file',
    what:
      'Few requests, many bytes: throughput is measured in bytes per second, where copying data into the ' +
      'socket matters more than parsing.',
  },
  missing: {
    title: 'GET a path that does not exist',
    what: 'The error path: 404 is the expected answer here, counted as correct, not as an error.',
  },
  stalled: {
    title: 'small, while slow clients trickle their headers',
    what:
      'The small load runs while a few extra clients hold connections open and send their request headers ' +
      'one byte at a time: what a slow client does to the others under each concurrency model.',
  },
  huge: {
    title: 'GET a file too large to keep in memory',
    what:
      'A file of hundreds of megabytes, generated for the run: the server sends it from disk a piece at a time ' +
      'as the client reads, so its memory must stay flat while the bytes flow.',
  },
  slowloris: {
    title: 'small, while a thousand slow clients trickle their headers',
    what:
      'A thousand extra clients hold a connection each and send their request heads one byte every 200 ms, ' +
      'until the header timeout cuts them off: an event loop keeps serving the others, a server that serves ' +
      'one connection at a time cannot.',
  },
  idle: {
    title: 'small beside ten thousand idle connections',
    what:
      'Ten thousand keep-alive connections are opened, asked once and left idle while the small load runs: ' +
      'what an idle connection costs each model in memory, and whether it slows the busy ones.',
  },
  latency: {
    title: 'latency against offered load, open loop',
    what:
      "Requests sent at a fixed rate, a share of the target's own small throughput, whether or not earlier ones " +
      'were answered, each latency counted from when the request was due: the curve where latency turns up.',
  },
  sweep: {
    title: 'small at increasing connection counts',
    what:
      'The same keep-alive load at each connection count: throughput and p99 latency against concurrency, ' +
      'the curve that shows where each model saturates and from where more connections only add queueing.',
  },
};
