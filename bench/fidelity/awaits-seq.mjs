// Fidelity pair: 20 awaited 10 ms waits, one after another.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function fetchOne(i) { await sleep(10); return i; }
let sum = 0;
for (let i = 0; i < 20; i++) sum += await fetchOne(i);
console.log(sum);
