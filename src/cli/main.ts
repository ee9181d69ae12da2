/**
 * `async-viz`: record a file's real run (or open a saved trace: `show`, or a trace file given in
 * its place), print its summary (and, with --steps, its step-by-step story), and write the trace
 * (JSON, .avtrace), a Chrome trace or an HTML timeline; `show` with nothing to write serves the
 * timeline on 127.0.0.1.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { formatSummary, formatComparison } from './summary';
import { formatSteps } from './steps';
import { runFile } from '../run/runner';
import { RunInputError, SnippetSyntaxError, type RunResult } from '../run/types';
import { LiveStatus } from './live-status';
import { exitCodeFor, watchStopSignals, type StopWatch } from './stop-signals';
import { terminalSafe } from './terminal';
import { pythonBridge, readLessons } from '../run/lessons';
import { isAvtraceFile, isTraceFileName, loadTrace, TraceFileError } from '../run/trace-files';
import { OutputError, wantsFiles, writeOutputs } from './outputs';
import { serveView } from './serve';
import type { Trace } from '../core/trace';
import { runMain } from './run-main';
import type { ColumnarTrace } from '../core/columns/table';

/** A recorded run, or a saved trace opened again. */
interface Got {
  trace: Trace | ColumnarTrace;
  outcome: RunResult['outcome'];
}

async function record(file: string, args: CliArgs, stops: StopWatch, call?: string): Promise<Got> {
  if (args.show || isTraceFileName(file)) {
    // A program given to `show` (a file that is neither named nor made like a trace): say how to record it.
    if (!isTraceFileName(file) && !isAvtraceFile(path.resolve(file)) && existsSync(file) && statSync(file).isFile()) {
      throw new UsageError(`show opens a saved trace (.avtrace or .json); to record ${file}, run: async-viz ${file}`);
    }
    const { trace, warnings } = await loadTrace(path.resolve(file), file);
    for (const w of warnings) console.error(`async-viz: warning: ${terminalSafe(w)}`);
    return { trace, outcome: trace.meta.exit.code === 0 && !trace.meta.exit.timedOut ? 'ok' : 'failed' };
  }
  const status = args.quiet ? undefined : LiveStatus.forStderr();
  try {
    return await runFile({
      file,
      entryFunction: call,
      timeoutMs: args.timeoutMs,
      maxEvents: args.maxEvents,
      blockingThresholdMs: args.blockingThresholdMs,
      signal: stops.signal,
      onProgress: status && ((p) => status.update(p)),
      onLog: args.verbose ? (l) => { status?.clear(); process.stderr.write(`[async-viz] ${terminalSafe(l)}\n`); } : undefined,
    });
  } finally {
    status?.clear();
  }
}

/** The bundled examples folder (next to dist/ in the package). */
const examplesDir = (): string => path.join(__dirname, '..', 'examples');

/** Resolves --lesson N into the file(s) to record and the texts to show. */
function lessonTarget(id: number, lang: 'en' | 'ko'): { file: string; compare?: string; note?: string; python?: string; title: string; predict: boolean } {
  const lessons = readLessons(examplesDir());
  const lesson = lessons.find((l) => l.id === id);
  if (!lesson) throw new UsageError(`there is no lesson ${id} (1-${lessons.length})`);
  const at = (f: string) => path.join(examplesDir(), f);
  const [a, b] = lesson.compare ?? [lesson.file, undefined];
  return { file: at(a), compare: b && at(b), note: lesson.notice?.[lang] ?? lesson.notice?.en, python: pythonBridge(lesson, lang), title: `${lesson.id}. ${lesson.title[lang] ?? lesson.title.en}`, predict: !!lesson.predict };
}

/** en or ko: the flag, else the environment's language. */
function language(args: CliArgs): 'en' | 'ko' {
  return args.lang ?? (/^ko/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '') ? 'ko' : 'en');
}

/**
 * `async-viz … | head`: the reader may close the pipe before the summary is printed. That is not
 * an error of ours: the recording and the files it writes go on; only the printing stops.
 */
function tolerateClosedPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    if (s.listenerCount('error') > 0) continue;
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  tolerateClosedPipes();
  if (argv[0] === 'run') return runMain(argv.slice(1), language({ quiet: false, verbose: false, file: '' }));
  let args: CliArgs;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    args = parsed;
  } catch (e) {
    console.error(`async-viz: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const stops = watchStopSignals();
  try {
    const lang = language(args);
    const lesson = args.lesson !== undefined ? lessonTarget(args.lesson, lang) : undefined;
    if (lesson) {
      args.file = lesson.file;
      args.compare ??= lesson.compare;
    }
    const main = await record(args.file, args, stops, args.call);
    // Stopped during the first recording: the second is not started.
    const other = args.compare && !stops.received() ? await record(args.compare, args, stops) : undefined;
    const t = main.trace;
    if (!args.quiet) {
      console.log(formatSummary(t, lang));
      if (other && args.compare) {
        console.log(formatSummary(other.trace, lang));
        console.log(formatComparison(t, other.trace, [path.basename(args.file), path.basename(args.compare)]));
      }
    }
    if (args.steps) {
      if (other) console.log(`\n${path.basename(args.file)}`);
      console.log(formatSteps(t, lang));
      if (other && args.compare) console.log(`\n${path.basename(args.compare)}\n${formatSteps(other.trace, lang)}`);
    }
    const labels: [string, string] | undefined = other && args.compare ? [path.basename(args.file), path.basename(args.compare)] : undefined;
    const title = `Async Viz · ${lesson?.title ?? path.basename(args.file)}`;
    const bundle = { trace: t, compare: other?.trace, labels, title, locale: lang, note: lesson?.note, python: lesson?.python, predict: args.predict || lesson?.predict };
    await writeOutputs(args, bundle, args.quiet);
    // `show` with nothing to write: the timeline, served until Ctrl+C.
    if (args.show && !wantsFiles(args) && !args.steps) return await serveView(bundle, stops, args.quiet);
    const stoppedBy = stops.received();
    if (stoppedBy) return exitCodeFor(stoppedBy);
    return main.outcome === 'ok' && (!other || other.outcome === 'ok') ? 0 : 1;
  } catch (e) {
    if (e instanceof SnippetSyntaxError) {
      console.error(`${terminalSafe(e.file)}:${e.line}:${e.column}: ${terminalSafe(e.detail)}`);
      return 2;
    }
    if (e instanceof UsageError || e instanceof RunInputError || e instanceof TraceFileError) {
      console.error(`async-viz: ${terminalSafe(e.message)}`);
      return 2;
    }
    if (e instanceof OutputError) {
      console.error(`async-viz: ${terminalSafe(e.message)}`);
      return 1;
    }
    console.error(`async-viz: ${terminalSafe(String((e as Error).stack ?? e))}`);
    return 1;
  } finally {
    stops.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
