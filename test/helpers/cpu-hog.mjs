// A neighbour that makes the machine's speed drift, for the side-by-side test: pinned to the servers' CPU,
// it spins and rests in turns of 200 to 1200 ms drawn from a seeded generator, so a window of load meets it
// for a varying share of its length, as on a shared host. node cpu-hog.mjs SEED; runs until killed.
let state = Number(process.argv[2] ?? 1) >>> 0;
const next = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const turn = () => 200 + Math.floor(next() * 1000);
let sink = 0;
function spin() {
  const until = performance.now() + turn();
  while (performance.now() < until) sink = (sink + Math.sqrt(sink + 1)) % 1e9;
  setTimeout(spin, turn());
}
spin();
