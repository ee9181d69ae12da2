/** The recorder's one clock: absolute ms shared by every thread and process of a run. */

const origin = performance.timeOrigin;
/** Absolute ms on the one clock shared by all threads and processes (timeOrigin read once: it is a getter). */
export const now = (): number => origin + performance.now();
