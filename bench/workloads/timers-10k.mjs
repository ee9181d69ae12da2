const t0 = performance.now();
await Promise.all(Array.from({ length: 10_000 }, () => new Promise((r) => setTimeout(r, 0))));
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)}`);
