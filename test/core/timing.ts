/**
 * Timing for the performance tests. CPU time of this process is asserted rather than wall time:
 * other work on a shared machine stretches wall time but not the CPU time the code needs.
 */
export function measure<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

export const fmt = (m: { wallMs: number; cpuMs: number }) => `${m.wallMs.toFixed(0)} ms wall, ${m.cpuMs.toFixed(0)} ms CPU`;
