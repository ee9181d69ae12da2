// Fidelity pair: two CPU jobs (~0.25 s each) one after the other on the main thread.
export function countPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}
export const LIMIT = 2_000_000;
if (import.meta.url === `file://${process.argv[1]}`) console.log(countPrimes(LIMIT) + countPrimes(LIMIT));
