// Lesson 5 · Async is not parallel for CPU work.
// crunch() is async, and we run three in Promise.all, yet they run one after another and the
// main thread is blocked the whole time: await only helps while *waiting*, not while computing.

function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

async function crunch(name: string): Promise<number> {
  await null; // looks async...
  const primes = countPrimes(300_000); // ...but this loop holds the main thread
  console.log(`${name}: ${primes} primes`);
  return primes;
}

const ticker = setInterval(() => console.log('tick'), 20); // starved while crunching
await Promise.all([crunch('A'), crunch('B'), crunch('C')]);
clearInterval(ticker);
console.log('done');
