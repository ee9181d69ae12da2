/** Command-line arguments of `async-viz`. */

export interface CliArgs {
  file: string;
  /** `async-viz show <trace>`: open a saved trace (.avtrace or .json) instead of recording a program. */
  show?: boolean;
  json?: string;
  /** Write the trace as an .avtrace file (docs/avtrace-format.md). */
  avtrace?: string;
  chromeTrace?: string;
  html?: string;
  compare?: string;
  call?: string;
  timeoutMs?: number;
  maxEvents?: number;
  blockingThresholdMs?: number;
  /** Language of the HTML view and of the step story (`en` or `ko`); default: the environment's LANG, else English. */
  lang?: 'en' | 'ko';
  /** Print the step-by-step story of the run (each callback, its queue, the rule that ran it next). */
  steps?: boolean;
  /** Lesson number (examples/lessons.json): records its example (or compare pair) with its notes. */
  lesson?: number;
  /** The HTML view first asks the learner to guess the order of the console lines. */
  predict?: boolean;
  quiet: boolean;
  verbose: boolean;
}

export const USAGE = `Usage: async-viz <file.ts|file.js|trace.avtrace|trace.json> [options]
       async-viz --lesson N [options]
       async-viz run [options] -- <command> [args...]   (a whole program: async-viz run --help)
       async-viz show <trace.avtrace|trace.json> [--html F] [--json F] [--avtrace F]
                      [--chrome-trace F] [--compare G] [--steps] [--lang en|ko]

Runs the file for real in a separate Node process and records what its async code did.
\`show\` opens a saved trace again: it prints its summary and writes what is asked; with no
file to write (and no --steps) it serves the timeline on 127.0.0.1 until Ctrl+C.

Options:
  --json F                 write the trace (versioned JSON, see docs/trace-format.md)
  --avtrace F              write the trace as a compact .avtrace file (docs/avtrace-format.md)
  --chrome-trace F         write a Chrome Trace Event file (open in Perfetto or chrome://tracing)
  --html F                 write a self-contained HTML timeline (open in any browser)
  --compare G              record G too (or load it, if it is a saved trace) and compare the two
  --call NAME              after the module loads, call its top-level function NAME
  --timeout MS             kill the run after MS milliseconds (default 10000; 0: no time-out,
                           record until the program ends or Ctrl+C stops it)
  --max-events N           stop recording after N events (default 1000000)
  --blocking-threshold MS  synchronous stretches at least this long count as blocking (default 10)
  --lesson N               record lesson N of the bundled examples (1-11), with its notes
  --steps                  print the step-by-step story: each callback that ran, the queue it came
                           from, the event-loop rule that made it next, what waited, what it printed
  --lang en|ko             language of the HTML view and of --steps (default: from LANG, else en)
  --predict                the HTML view first lets you guess the order of the output lines
  --quiet                  print nothing but errors (and the --steps story, when asked)
  --verbose                print the runner's log
  -h, --help               show this help

Ctrl+C (or SIGTERM, SIGHUP) stops the recording, kills the program and every process it
started, and still writes the trace and the HTML.

Exit code: 0 when the file ran to its end, 1 when it threw, exited non-zero or timed out
(the trace is still written), 2 for a usage or syntax error, 130/143/129 when stopped by
SIGINT/SIGTERM/SIGHUP (the trace is still written).`;

export class UsageError extends Error {}

/** The value of a numeric option: a positive number (or 0 when `zero`). */
export const numberOpt = (name: string, v: string | undefined, { zero = false } = {}): number => {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < 0 || (n === 0 && !zero)) throw new UsageError(`${name} needs a positive number${zero ? ' (or 0)' : ''}`);
  return n;
};

/** The value of --lang. */
export function langOpt(v: string): 'en' | 'ko' {
  if (v !== 'en' && v !== 'ko') throw new UsageError('--lang is en or ko');
  return v;
}
/** Options that only make sense when recording a program (`show` reads a saved trace). */
const RECORDING_ONLY = new Set(['--call', '--timeout', '--max-events', '--blocking-threshold', '--lesson']);

export function parseArgs(argv: string[]): CliArgs | 'help' {
  const out: Partial<CliArgs> = { quiet: false, verbose: false };
  if (argv[0] === 'show') {
    out.show = true;
    argv = argv.slice(1);
    const recording = argv.find((a) => RECORDING_ONLY.has(a));
    if (recording) throw new UsageError(`show opens a saved trace: ${recording} is for recording a program`);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '-h':
      case '--help':
        return 'help';
      case '--json': out.json = value(); break;
      case '--avtrace': out.avtrace = value(); break;
      case '--chrome-trace': out.chromeTrace = value(); break;
      case '--html': out.html = value(); break;
      case '--compare': out.compare = value(); break;
      case '--call': out.call = value(); break;
      case '--timeout': out.timeoutMs = numberOpt(a, value(), { zero: true }); break;
      case '--max-events': out.maxEvents = Math.floor(numberOpt(a, value())); break;
      case '--blocking-threshold': out.blockingThresholdMs = numberOpt(a, value()); break;
      case '--lesson': out.lesson = Math.floor(numberOpt(a, value())); break;
      case '--lang': out.lang = langOpt(value()); break;
      case '--predict': out.predict = true; break;
      case '--steps': out.steps = true; break;
      case '--quiet': out.quiet = true; break;
      case '--verbose': out.verbose = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (out.file) throw new UsageError(`one file at a time (got ${out.file} and ${a}); use --compare for a second one`);
        out.file = a;
    }
  }
  if (out.lesson !== undefined && out.file) throw new UsageError('give a file or --lesson, not both');
  if (out.show && !out.file) throw new UsageError('show needs a saved trace: async-viz show trace.avtrace');
  if (!out.file && out.lesson === undefined) throw new UsageError('no file given');
  if (out.lesson !== undefined) out.file = '';
  return out as CliArgs;
}
