// Fidelity pair: two CPU jobs (~0.25 s each) one after the other on the main thread.
/** The longest Collatz chain below `limit` (pure CPU work, no allocation). */
export function longestChain(limit) {
  let best = 0;
  for (let start = 1; start < limit; start++) {
    let n = start;
    let steps = 0;
    while (n !== 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      steps++;
    }
    if (steps > best) best = steps;
  }
  return best;
}
export const LIMIT = 250_000;
if (import.meta.url === `file://${process.argv[1]}`) console.log(longestChain(LIMIT) + longestChain(LIMIT));
