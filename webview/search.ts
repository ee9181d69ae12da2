/** Binary searches over sorted typed arrays (the culling of off-screen spans). */

/** First index i with a[i] >= v (a sorted ascending); a.length when none. */
export function lowerBound(a: Float64Array | Float32Array, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with a[i] > v (a sorted ascending); a.length when none. */
export function upperBound(a: Float64Array | Float32Array, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
