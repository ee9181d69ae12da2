/**
 * The short summary the CLI prints after a run: the core's figures, and every string that comes
 * from the program (its file name, lane labels, error messages, function names) escaped for the terminal.
 */
import path from 'node:path';
import type { Lane, Trace } from '../core/trace';
import type { ColumnarTrace } from '../core/columns/table';
import { summarize, compareTraces, formatDuration } from '../core/analysis';
import { terminalSafe } from './terminal';
import { findPitfalls } from '../core/pitfalls';
import { pitfallText } from '../core/text/explain-text';
import { phrase, type Lang } from '../core/text/phrases';
import { delayedText, stackLines } from '../core/text/block-text';
import { whyStillRunning } from '../core/text/alive-text';

/** Up to this many lanes are listed one by one; more are grouped by kind and script. */
const LANES_LISTED = 8;
/** Groups name at most this many scripts each ("child.js ×150, sleep ×2, …"). */
const NAMES_PER_GROUP = 4;
/** A blocked stretch lists at most this many frames of its stack. */
const STACK_LISTED = 6;

export function formatSummary(trace: Trace | ColumnarTrace, lang: Lang = 'en'): string {
  const s = summarize(trace);
  const m = trace.meta;
  const lines: string[] = [];
  lines.push(`${terminalSafe(path.basename(m.file))} · ${m.moduleFormat === 'esm' ? 'ES module' : 'CommonJS'} · Node ${terminalSafe(m.nodeVersion)}${m.entryFunction ? ` · called ${terminalSafe(m.entryFunction)}()` : ''}`);
  lines.push(`  ran ${formatDuration(s.programMs)} (+${formatDuration(s.startMs)} start-up) · ${s.exit.text} · busy ${formatDuration(s.busyMs)} · idle ${formatDuration(s.idleMs)} · peak concurrency ${s.peakConcurrency}`);
  lines.push(`  lanes: ${laneList(trace.lanes)}`);
  if (trace.blocked.length) {
    lines.push(`  blocked: ${trace.blocked.length} stretch${trace.blocked.length > 1 ? 'es' : ''}, ${formatDuration(s.blockedMs)} on the main thread`);
    for (const b of trace.blocked.slice(0, 8)) {
      lines.push(`    ⛔ ${formatDuration(b.durationMs)}${b.line ? ` at line ${b.line}` : ''} (${terminalSafe(trace.lanes[b.lane]?.label ?? String(b.lane))}, from ${formatDuration(b.start)})`);
      if (b.delayed || b.stack) lines.push(`       ${terminalSafe(delayedText(trace, b, lang))}`);
      for (const f of stackLines(trace, b).slice(0, STACK_LISTED)) lines.push(`         ${terminalSafe(f)}`);
    }
    if (trace.blocked.length > 8) lines.push(`    … and ${trace.blocked.length - 8} more`);
  } else {
    lines.push(`  blocked: none over ${formatDuration(m.blockingThresholdMs)}`);
  }
  if (s.awaits) lines.push(`  awaits: ${s.awaits} · waits add up to ${formatDuration(s.awaitWaitSumMs)} over ${formatDuration(s.awaitWallMs)} of wall time`);
  const out = trace.events.filter((e) => e.kind === 'console').length;
  lines.push(`  output: ${out} write${out === 1 ? '' : 's'}${m.outputDroppedBytes ? ` (${m.outputDroppedBytes} bytes over the cap not kept)` : ''}`);
  if (m.truncated) lines.push(`  truncated: the event budget was reached at ${formatDuration(m.truncatedAtMs ?? 0)}`);
  if (m.dropped) lines.push(`  dropped: ${m.dropped} events the recorder could not deliver`);
  if (m.exit.error) lines.push(`  ⚠ ${terminalSafe(m.exit.error)}`);
  // The exit sentence names it already when it is in English.
  const why = whyStillRunning(trace, lang);
  if (why && !m.exit.error?.includes(why)) lines.push(`  ⏳ ${terminalSafe(why)}`);
  const pitfalls = findPitfalls(trace);
  if (pitfalls.length) lines.push(`  ${phrase(lang, 'pitfalls')}:`);
  for (const p of pitfalls.slice(0, 8)) lines.push(`    ⚠ ${terminalSafe(pitfallText(p, lang))}${p.line !== undefined ? ` (${phrase(lang, 'pitfallLine', p.line)})` : ''}`);
  if (pitfalls.length > 8) lines.push(`    … +${pitfalls.length - 8}`);
  return lines.join('\n');
}

/**
 * The lanes: each label when there are few; else grouped, `main · 3 workers (crunch.js ×2, w.js) ·
 * 152 processes (child.js ×150, sleep ×2)`, so a run with hundreds of processes stays one line.
 */
export function laneList(lanes: Lane[]): string {
  if (lanes.length <= LANES_LISTED) return lanes.map((l) => terminalSafe(l.label)).join(', ');
  const groups: string[] = [];
  for (const [kind, one, many] of [['main', 'main thread', 'main threads'], ['worker', 'worker', 'workers'], ['process', 'process', 'processes']] as const) {
    const of = lanes.filter((l) => l.kind === kind);
    if (!of.length) continue;
    if (kind === 'main' && of.length === 1) {
      groups.push('main');
      continue;
    }
    const names = new Map<string, number>();
    for (const l of of) {
      const name = /\(([^()]*)\)(?: in process \d+)?$/.exec(l.label)?.[1] ?? '';
      if (name) names.set(name, (names.get(name) ?? 0) + 1);
    }
    const ranked = [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = ranked.slice(0, NAMES_PER_GROUP).map(([n, c]) => `${terminalSafe(n)}${c > 1 ? ` ×${c}` : ''}`);
    if (ranked.length > NAMES_PER_GROUP) shown.push('…');
    groups.push(`${of.length} ${of.length === 1 ? one : many}${shown.length ? ` (${shown.join(', ')})` : ''}`);
  }
  return groups.join(' · ');
}

export function formatComparison(a: Trace | ColumnarTrace, b: Trace | ColumnarTrace, labels: [string, string]): string {
  const c = compareTraces(a, b);
  const verdict = c.faster === 'same' ? 'about the same time' : `${terminalSafe(labels[c.faster === 'a' ? 0 : 1])} is ${c.speedup.toFixed(2)}x faster`;
  return `compare: ${terminalSafe(labels[0])} ${formatDuration(c.aMs)} vs ${terminalSafe(labels[1])} ${formatDuration(c.bMs)} · ${verdict}`;
}
