/**
 * Golden orderings: each stdout line of a puzzle with the kind of callback it was printed from
 * (`script`, `nextTick`, `microtask`, `timer`, `immediate`, `io`), e.g. `nextTick  3 tick`.
 * The files (`test/fixtures/puzzles/*.golden`) were recorded once, read by a person, and
 * committed; a change in how the recorder attributes lines to queues shows up as a diff.
 */
import type { Trace } from '../../src/core/trace';

export function goldenLines(trace: Trace): string[] {
  const kindOf = new Map(trace.spans.map((s) => [s.id, s.kind]));
  return trace.events
    .filter((e) => e.kind === 'console' && e.stream === 'stdout')
    .flatMap((e) => {
      if (e.kind !== 'console') return [];
      const kind = e.span === undefined ? '-' : kindOf.get(e.span) ?? '?';
      return e.text.split('\n').map((line) => `${kind.padEnd(9)} ${line}`);
    });
}
