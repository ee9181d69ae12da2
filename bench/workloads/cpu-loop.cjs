const t0 = performance.now();
let x = 0;
for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1000003;
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)} ${x}`);
