/** Command-line arguments of `async-viz run [options] -- <command> [args...]`. */
import { langOpt, numberOpt, UsageError } from './args';

export interface RunCliArgs {
  command: string[];
  json?: string;
  /** --avtrace: the compact trace file (docs/avtrace-format.md). */
  avtrace?: string;
  html?: string;
  chromeTrace?: string;
  /** --window: keep only the last this-many ms. */
  windowMs?: number;
  /** --on-block MS. */
  onBlockMs?: number;
  /** --block-context: how much before and after each block, ms. */
  blockContextMs?: number;
  maxEvents?: number;
  timeoutMs?: number;
  blockingThresholdMs?: number;
  /** --root: the folder whose files are the user's. */
  root?: string;
  lang?: 'en' | 'ko';
  quiet: boolean;
  verbose: boolean;
}

export const RUN_USAGE = `Usage: async-viz run [options] -- <command> [args...]

Runs the command (node server.js, npm start, npm run <script>, npx tsx src/main.ts, ...) as it
would run without Async Viz, and records every Node process it starts, each its own lane on one
clock: npm and npx are folded (listed as "via npm"), the shell under them is not Node. The files
under the current folder (not node_modules) get their awaits and lines, TypeScript included.
No time-out: it records until the command ends or you stop it.

Options:
  --json F                 write the trace (versioned JSON, see docs/trace-format.md)
  --avtrace F              write the trace as a compact .avtrace file (docs/avtrace-format.md)
  --html F                 write a self-contained HTML timeline
  --chrome-trace F         write a Chrome Trace Event file
  --window DURATION        keep only the last DURATION of the run (30s, 2m, 500ms; a bare number
                           is seconds): memory and the written trace stay bounded
  --on-block MS            every time a callback holds a thread at least MS ms, keep the trace
                           around it (F.block-1.json, ...; else async-viz.block-1.avtrace)
                           and list it at the end
  --block-context DURATION how much before and after each block to keep (default 5s)
  --max-events N           stop after N events (default: no budget)
  --timeout MS             stop after MS milliseconds (default: none)
  --blocking-threshold MS  synchronous stretches at least this long count as blocking (default 10)
  --root DIR               the folder whose files are yours (default: the current folder)
  --lang en|ko             language of the summary and the HTML view
  --quiet, --verbose

While it records: Ctrl+C (or SIGTERM, SIGHUP) stops the command and every process it started
and writes the trace; \`kill -USR2 <pid of async-viz>\` writes a snapshot of the window (or of
everything so far) to F.snapshot-1.json, ... (async-viz.snapshot-1.avtrace when no file is asked
for) and goes on recording.`;

/** `30s`, `2m`, `500ms`, `1h`; a bare number is seconds. */
export function parseDuration(name: string, v: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v ?? '');
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!(ms > 0)) throw new UsageError(`${name} needs a duration such as 30s, 2m or 500ms`);
  return ms;
}


export function parseRunArgs(argv: string[]): RunCliArgs | 'help' {
  const out: RunCliArgs = { command: [], quiet: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--') {
      out.command = argv.slice(i + 1);
      break;
    }
    switch (a) {
      case '-h': case '--help': return 'help';
      case '--json': out.json = value(); break;
      case '--avtrace': out.avtrace = value(); break;
      case '--html': out.html = value(); break;
      case '--chrome-trace': out.chromeTrace = value(); break;
      case '--window': out.windowMs = parseDuration(a, value()); break;
      case '--on-block': out.onBlockMs = numberOpt(a, value()); break;
      case '--block-context': out.blockContextMs = parseDuration(a, value()); break;
      case '--max-events': out.maxEvents = Math.floor(numberOpt(a, value())); break;
      case '--timeout': out.timeoutMs = numberOpt(a, value()); break;
      case '--blocking-threshold': out.blockingThresholdMs = numberOpt(a, value()); break;
      case '--root': out.root = value(); break;
      case '--lang': out.lang = langOpt(value()); break;
      case '--quiet': out.quiet = true; break;
      case '--verbose': out.verbose = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        // No `--`: the rest is the command (`async-viz run node server.js`).
        out.command = argv.slice(i);
        i = argv.length;
    }
  }
  if (!out.command.length) throw new UsageError('no command given (async-viz run -- node server.js)');
  return out;
}
