/** Small pure formatters shared by the status bar, the hints and the hovers. */

/** `212 ms` under a second, `1.00 s` from one second on. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The file name of a path or URI path. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}
