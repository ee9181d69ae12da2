// Lesson 6 · CPU work on the main thread (compare with workers.ts).
// Two heavy computations (about 0.3 s each), one after the other, each blocking the main thread.

function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

console.log('A:', countPrimes(2_500_000));
console.log('B:', countPrimes(2_500_000));
