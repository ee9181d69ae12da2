/** The short summary the CLI prints after a run (the core's figures; the program's strings escaped for the terminal). */
import path from 'node:path';
import type { Trace } from '../core/trace';
import { summarize, compareTraces, formatDuration } from '../core/analysis';
import { terminalSafe } from './terminal';
import { findPitfalls } from '../core/pitfalls';
import { pitfallText } from '../core/text/explain-text';
import { phrase, type Lang } from '../core/text/phrases';

export function formatSummary(trace: Trace, lang: Lang = 'en'): string {
  const s = summarize(trace);
  const m = trace.meta;
  const lines: string[] = [];
  lines.push(`${terminalSafe(path.basename(m.file))} · ${m.moduleFormat === 'esm' ? 'ES module' : 'CommonJS'} · Node ${m.nodeVersion}${m.entryFunction ? ` · called ${m.entryFunction}()` : ''}`);
  lines.push(`  ran ${formatDuration(s.programMs)} (+${formatDuration(s.startMs)} start-up) · ${s.exit.text} · busy ${formatDuration(s.busyMs)} · idle ${formatDuration(s.idleMs)} · peak concurrency ${s.peakConcurrency}`);
  lines.push(`  lanes: ${trace.lanes.map((l) => terminalSafe(l.label)).join(', ')}`);
  if (trace.blocked.length) {
    lines.push(`  blocked: ${trace.blocked.length} stretch${trace.blocked.length > 1 ? 'es' : ''}, ${formatDuration(s.blockedMs)} on the main thread`);
    for (const b of trace.blocked.slice(0, 8)) {
      lines.push(`    ⛔ ${formatDuration(b.durationMs)}${b.line ? ` at line ${b.line}` : ''} (${terminalSafe(trace.lanes[b.lane]?.label ?? String(b.lane))}, from ${formatDuration(b.start)})`);
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
  const pitfalls = findPitfalls(trace);
  if (pitfalls.length) lines.push(`  ${phrase(lang, 'pitfalls')}:`);
  for (const p of pitfalls.slice(0, 8)) lines.push(`    ⚠ ${terminalSafe(pitfallText(p, lang))}${p.line !== undefined ? ` (${phrase(lang, 'pitfallLine', p.line)})` : ''}`);
  if (pitfalls.length > 8) lines.push(`    … +${pitfalls.length - 8}`);
  return lines.join('\n');
}

export function formatComparison(a: Trace, b: Trace, labels: [string, string]): string {
  const c = compareTraces(a, b);
  const verdict = c.faster === 'same' ? 'about the same time' : `${labels[c.faster === 'a' ? 0 : 1]} is ${c.speedup.toFixed(2)}x faster`;
  return `compare: ${labels[0]} ${formatDuration(c.aMs)} vs ${labels[1]} ${formatDuration(c.bMs)} · ${verdict}`;
}
