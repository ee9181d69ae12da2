/**
 * Ctrl+C, SIGTERM and SIGHUP while recording: the first one stops the run (the runner kills the
 * program's whole process group and returns the partial trace, which the CLI then writes as
 * usual); a second one, for someone who will not wait for the trace to be written, exits at once.
 * The exit code is the shell's for the signal: 128 + its number (130, 143, 129).
 */
import os from 'node:os';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 128 + the signal's number: what a shell reports for a process ended by it. */
export function exitCodeFor(sig: StopSignal): number {
  return 128 + os.constants.signals[sig];
}

export interface StopWatch {
  /** Aborted (with the signal's name as its reason) when the first stop signal arrives. */
  signal: AbortSignal;
  /** The first stop signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (the CLI is done). */
  dispose(): void;
}

export function watchStopSignals(): StopWatch {
  const ac = new AbortController();
  let first: StopSignal | undefined;
  const handlers = STOP_SIGNALS.map((sig) => {
    const h = () => {
      if (first) process.exit(exitCodeFor(first));
      first = sig;
      ac.abort(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    signal: ac.signal,
    received: () => first,
    dispose: () => {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
