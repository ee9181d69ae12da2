/**
 * The rows of the waits (core/waits.ts) under their lane or async call: every pending operation
 * as a bar from when it was started to when its callback ran. A group of a few sibling waits (the
 * same line, under the same call) gets one row per wait, so three sleeps in `Promise.all` are
 * three overlapping bars and three in sequence a staircase; a larger group is one folded row with
 * its count and a density band (how many were pending), which expands into packed rows.
 */
import type { WaitGroup, WaitTable } from '../src/core/waits';
import { makeRow, type Row } from './rows';

/** Groups of up to this many waits show one row per wait. */
export const SMALL_GROUP = 8;
/** An expanded group packs its waits into at most this many rows (the last one takes the rest). */
export const MAX_EXPANDED_ROWS = 40;
/** Rows of waits under one lane or call, at most; further groups share one folded row. */
export const MAX_WAIT_ROWS = 30;
/** Height of a wait row, px. */
export const WAIT_ROW_H = 14;
/** Height of a folded row (its density band), px. */
export const FOLDED_ROW_H = 20;

/** The label of a group: what it is and the line that started it. */
export function groupLabel(g: WaitGroup): string {
  return `${g.label || '?'}${g.line >= 0 ? ` :${g.line}` : ''}`;
}

/** A row of waits: indices into the wait table's columns (`waits`, the row's own array, put in start order). */
function rowOf(w: WaitTable, waits: Int32Array, label: string, trace: number, lane: number, depth: number, height: number): Row {
  return makeRow('wait', label, trace, lane, height, depth, { start: w.from, end: w.to, kind: w.kind }, waits);
}

/** The waits of several groups in one array. */
function concatWaits(groups: WaitGroup[]): Int32Array {
  const out = new Int32Array(groups.reduce((n, g) => n + g.waits.length, 0));
  let at = 0;
  for (const g of groups) { out.set(g.waits, at); at += g.waits.length; }
  return out;
}

/** First-fit packing of a group's waits, by when they started, into at most `max` rows. */
function pack(w: WaitTable, waits: Int32Array, max: number): number[][] {
  const rows: number[][] = [];
  const ends: number[] = [];
  for (const k of Array.from(waits).sort((a, b) => w.from[a] - w.from[b] || a - b)) {
    let r = ends.findIndex((e) => e <= w.from[k]);
    if (r < 0) r = rows.length < max ? rows.push([]) - 1 : max - 1;
    rows[r].push(k);
    ends[r] = Math.max(ends[r] ?? -Infinity, w.to[k]);
  }
  return rows;
}

/**
 * The rows of `groups` (one owner's: a lane's top-level waits, or one async call's). `expanded`
 * holds the ids of folded groups the user opened.
 */
export function waitRows(w: WaitTable, groups: WaitGroup[], trace: number, lane: number, depth: number, expanded: ReadonlySet<number>): Row[] {
  const out: Row[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    if (out.length >= MAX_WAIT_ROWS) {
      // The rest of this owner's waits share one folded row.
      const rest = concatWaits(groups.slice(gi));
      const r = rowOf(w, rest, `+${groups.length - gi} ⏳ ×${rest.length.toLocaleString('en-US')}`, trace, lane, depth, FOLDED_ROW_H);
      r.folded = true;
      out.push(r);
      break;
    }
    const n = g.waits.length;
    if (n <= SMALL_GROUP) {
      for (const k of g.waits) {
        const r = rowOf(w, Int32Array.of(k), groupLabel(g), trace, lane, depth, WAIT_ROW_H);
        r.group = g.id;
        out.push(r);
      }
      continue;
    }
    const head = rowOf(w, g.waits.slice(), `${groupLabel(g)} ×${n.toLocaleString('en-US')}`, trace, lane, depth, FOLDED_ROW_H);
    head.group = g.id;
    head.folded = true;
    head.toggle = expanded.has(g.id) ? 'open' : 'closed';
    out.push(head);
    if (!expanded.has(g.id)) continue;
    for (const ks of pack(w, g.waits, MAX_EXPANDED_ROWS)) {
      const r = rowOf(w, Int32Array.from(ks), groupLabel(g), trace, lane, depth + 1, WAIT_ROW_H);
      r.group = g.id;
      out.push(r);
    }
  }
  return out;
}

/** An owner's groups: the lane's top-level waits (call -1) or a call's, by (lane, call). */
export function groupsByOwner(w: WaitTable): Map<string, WaitGroup[]> {
  const out = new Map<string, WaitGroup[]>();
  for (const g of w.groups) {
    const key = `${g.lane}:${g.call}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(g);
  }
  return out;
}
