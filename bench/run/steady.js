// A steady load for bench:run: INTERVALS timers of 1 ms (about 2 events a run each), for RUN_S seconds.
const n = Number(process.env.INTERVALS || 10);
const until = Date.now() + Number(process.env.RUN_S || 60) * 1000;
let runs = 0;
for (let i = 0; i < n; i++) {
  const t = setInterval(() => {
    runs++;
    if (Date.now() > until) clearInterval(t);
  }, 1);
}
process.on('exit', () => console.log(`runs ${runs}`));
