// Fidelity pair: the same 20 waits started together.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function fetchOne(i) { await sleep(10); return i; }
const all = await Promise.all(Array.from({ length: 20 }, (_, i) => fetchOne(i)));
console.log(all.reduce((a, b) => a + b, 0));
