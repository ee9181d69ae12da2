/**
 * `async-viz run`: records a command (src/run/command.ts) and writes what was asked: the trace at
 * the end, a snapshot on each SIGUSR2, each block's window with --on-block. Stop signals keep the
 * trace (stop-signals.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRunArgs, RUN_USAGE, type RunCliArgs } from './run-args';
import { UsageError } from './args';
import { formatSummary } from './summary';
import { LiveStatus } from './live-status';
import { exitCodeFor, watchStopSignals } from './stop-signals';
import { terminalSafe } from './terminal';
import { recordCommand, type BlockWindow } from '../run/command';
import { renderHtml } from '../run/html';
import { toChromeTrace } from '../core/chrome-trace';
import { formatDuration } from '../core/analysis';
import type { Trace } from '../core/trace';

/** The signal that asks for a snapshot while recording. */
const SNAPSHOT_SIGNAL = 'SIGUSR2';

/** `trace.json` + `snapshot-2` → `trace.snapshot-2.json`. */
export function sideFile(main: string | undefined, tag: string): string {
  const base = main ?? 'async-viz.json';
  const ext = path.extname(base);
  return `${base.slice(0, base.length - ext.length)}.${tag}${ext || '.json'}`;
}

function write(file: string, text: string, quiet: boolean): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
  if (!quiet) process.stderr.write(`  wrote ${terminalSafe(file)}\n`);
}

function writeOutputs(t: Trace, args: RunCliArgs, tag: string | undefined, lang: 'en' | 'ko'): string[] {
  const written: string[] = [];
  const at = (f: string) => (tag ? sideFile(f, tag) : f);
  const json = args.json ?? (tag && !args.html && !args.chromeTrace ? 'async-viz.json' : undefined);
  const put = (f: string, text: string) => {
    written.push(at(f));
    write(at(f), text, args.quiet);
  };
  if (json) put(json, JSON.stringify(t));
  if (args.chromeTrace) put(args.chromeTrace, JSON.stringify(toChromeTrace(t)));
  if (args.html) {
    put(args.html, renderHtml({ trace: t, title: `Async Viz · ${args.command.join(' ')}${tag ? ` · ${tag}` : ''}`, locale: lang }));
  }
  return written;
}

function blockLine(w: BlockWindow, files: string[]): string {
  const b = w.blocks.map((x) => `${formatDuration(x.durationMs)} (pid ${x.pid}${x.tid ? ` thread ${x.tid}` : ''})`).join(', ');
  return `    ⛔ block ${w.index}: ${b} → ${files.map(terminalSafe).join(', ')}`;
}

export async function runMain(argv: string[], lang: 'en' | 'ko'): Promise<number> {
  let args: RunCliArgs;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed === 'help') {
      console.log(RUN_USAGE);
      return 0;
    }
    args = parsed;
  } catch (e) {
    console.error(`async-viz: ${(e as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  lang = args.lang ?? lang;
  const stops = watchStopSignals();
  const status = args.quiet ? undefined : LiveStatus.forStderr();
  const blockFiles: string[] = [];
  const blockLines: string[] = [];
  let snapshots = 0;
  try {
    const rec = await recordCommand({
      command: args.command,
      root: args.root,
      windowMs: args.windowMs,
      maxEvents: args.maxEvents,
      timeoutMs: args.timeoutMs,
      onBlockMs: args.onBlockMs,
      blockContextMs: args.blockContextMs,
      blockingThresholdMs: args.blockingThresholdMs,
      signal: stops.signal,
      onProgress: status && ((p) => status.update(p)),
      onLog: args.verbose ? (l) => { status?.clear(); process.stderr.write(`[async-viz] ${terminalSafe(l)}\n`); } : undefined,
      onBlockWindow: (w) => {
        status?.clear();
        const files = writeOutputs(w.trace, args, `block-${w.index}`, lang);
        blockFiles.push(...files);
        blockLines.push(blockLine(w, files));
      },
    });
    const onSnapshot = () => {
      status?.clear();
      writeOutputs(rec.snapshot(), args, `snapshot-${++snapshots}`, lang);
    };
    process.on(SNAPSHOT_SIGNAL, onSnapshot);
    let result;
    try {
      result = await rec.done;
    } finally {
      process.off(SNAPSHOT_SIGNAL, onSnapshot);
      status?.clear();
    }
    if (!args.quiet) {
      console.log(formatSummary(result.trace, lang));
      const via = result.launchers.map((l) => `${l.name} (pid ${l.pid})`).join(', ');
      console.log(`  recorded ${result.events.toLocaleString('en-US')} events (${(result.bytes / 1e6).toFixed(1)} MB, ${result.dropped.toLocaleString('en-US')} dropped)${via ? ` · via ${terminalSafe(via)} (folded)` : ''} · ${result.userFiles} user file(s) prepared${args.windowMs ? ` · window: the last ${formatDuration(args.windowMs)}` : ''}`);
      if (args.onBlockMs) {
        console.log(`  blocks of ${args.onBlockMs} ms or more: ${result.blockWindows.length ? `${result.blockWindows.length} window(s) kept` : 'none'}`);
        for (const l of blockLines) console.log(l);
      }
    }
    writeOutputs(result.trace, args, undefined, lang);
    if (args.html && !args.quiet) console.log(`  open it in a browser: ${pathToFileURL(path.resolve(args.html)).href}`);
    const stoppedBy = stops.received();
    if (stoppedBy) return exitCodeFor(stoppedBy);
    return result.outcome === 'ok' ? 0 : 1;
  } catch (e) {
    console.error(`async-viz: ${terminalSafe(e instanceof UsageError ? e.message : String((e as Error).message ?? e))}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    stops.dispose();
  }
}
