/**
 * Span kinds as small codes: the span columns store a kind as its index in SPAN_KINDS, and the
 * analyses and the view compare against KIND.* rather than bare numbers.
 */
import type { SpanKind } from './trace';

/** Every span kind, in code order: a kind's code is its index here. */
export const SPAN_KINDS = ['script', 'nextTick', 'microtask', 'timer', 'immediate', 'io', 'await'] as const satisfies readonly SpanKind[];

/** The code of each span kind. */
export const KIND = {
  script: 0,
  nextTick: 1,
  microtask: 2,
  timer: 3,
  immediate: 4,
  io: 5,
  await: 6,
} as const satisfies Record<SpanKind, number>;

export type KindCode = (typeof KIND)[SpanKind];

const CODES = new Map<string, KindCode>(SPAN_KINDS.map((k) => [k, KIND[k]]));

/** The code of a kind; anything unknown counts as I/O (the catch-all kind). */
export function kindCode(kind: unknown): KindCode {
  return CODES.get(kind as string) ?? KIND.io;
}

/** The kind of a code; anything out of range reads as I/O. */
export function kindOf(code: number): SpanKind {
  return SPAN_KINDS[code] ?? 'io';
}

/** Kinds of operations: a timer, an immediate or an I/O request, waited for by the program (concurrency counts them). */
export const isOperation = (code: number): boolean => code === KIND.timer || code === KIND.immediate || code === KIND.io;
