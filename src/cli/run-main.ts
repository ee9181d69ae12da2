/**
 * `async-viz run`: records a command (src/run/command.ts) and writes what was asked: the trace at
 * the end, a snapshot on each SIGUSR2, each block's window with --on-block. Stop signals keep the
 * trace (stop-signals.ts).
 */
import path from 'node:path';
import { parseRunArgs, RUN_USAGE, type RunCliArgs } from './run-args';
import { UsageError } from './args';
import { formatSummary } from './summary';
import { LiveStatus } from './live-status';
import { exitCodeFor, watchStopSignals } from './stop-signals';
import { terminalSafe } from './terminal';
import { recordCommand, type BlockWindow } from '../run/command';
import { wantsFiles, writeOutputs, type OutputFiles } from './outputs';
import { formatDuration } from '../core/analysis';
import type { Trace } from '../core/trace';

/** The signal that asks for a snapshot while recording. */
const SNAPSHOT_SIGNAL = 'SIGUSR2';

/** `trace.json` + `snapshot-2` → `trace.snapshot-2.json`. */
export function sideFile(main: string | undefined, tag: string): string {
  const base = main ?? 'async-viz.avtrace';
  const ext = path.extname(base);
  return `${base.slice(0, base.length - ext.length)}.${tag}${ext || '.json'}`;
}

/**
 * The files of one trace (the end's, a snapshot's, a block's window: `tag`), the same writers as
 * for a single file (streamed); a snapshot or a block with no file asked for goes to an .avtrace.
 */
function filesFor(args: RunCliArgs, tag: string | undefined): OutputFiles {
  const at = (f: string | undefined) => (f && tag ? sideFile(f, tag) : f);
  const files: OutputFiles = { json: at(args.json), avtrace: at(args.avtrace), chromeTrace: at(args.chromeTrace), html: at(args.html) };
  if (tag && !wantsFiles(files)) files.avtrace = sideFile(undefined, tag);
  return files;
}

async function writeTrace(t: Trace, args: RunCliArgs, files: OutputFiles, tag: string | undefined, lang: 'en' | 'ko'): Promise<void> {
  await writeOutputs(files, { trace: t, title: `Async Viz · ${args.command.join(' ')}${tag ? ` · ${tag}` : ''}`, locale: lang }, args.quiet);
}

const names = (files: OutputFiles): string[] => [files.json, files.avtrace, files.chromeTrace, files.html].filter((f): f is string => !!f);

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
  /** Snapshots and block windows being written while the recording goes on. */
  const writing: Promise<void>[] = [];
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
        const tag = `block-${w.index}`;
        const files = filesFor(args, tag);
        writing.push(writeTrace(w.trace, args, files, tag, lang));
        blockFiles.push(...names(files));
        blockLines.push(blockLine(w, names(files)));
      },
    });
    const onSnapshot = () => {
      status?.clear();
      const tag = `snapshot-${++snapshots}`;
      writing.push(writeTrace(rec.snapshot(), args, filesFor(args, tag), tag, lang));
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
      if (result.cutToFit) console.log(`  ⚠ all of it is more than this process can build in memory: the trace holds the last ${formatDuration(result.cutToFit.keptMs)}. --window chooses a window to keep; a larger heap (node --max-old-space-size) keeps more.`);
      if (args.onBlockMs) {
        console.log(`  blocks of ${args.onBlockMs} ms or more: ${result.blockWindows.length ? `${result.blockWindows.length} window(s) kept` : 'none'}`);
        for (const l of blockLines) console.log(l);
      }
    }
    await Promise.all(writing);
    await writeTrace(result.trace, args, filesFor(args, undefined), undefined, lang);
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
