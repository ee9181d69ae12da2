// Many events fast for bench:run: CHAINS setImmediate chains (init, before, after each) until EVENTS/3 callbacks ran.
const target = Math.ceil(Number(process.env.EVENTS || 10_000_000) / 3);
let done = 0;
function step() {
  if (++done < target) setImmediate(step);
}
for (let i = 0; i < 8; i++) setImmediate(step);
process.on('exit', () => console.log(`callbacks ${done}`));
