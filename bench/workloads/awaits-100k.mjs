const t0 = performance.now();
async function step(i) { return i; }
let sum = 0;
for (let i = 0; i < 100_000; i++) sum += await step(i);
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)} ${sum}`);
