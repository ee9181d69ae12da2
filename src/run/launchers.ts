/**
 * Launcher processes of `async-viz run`: package managers and runners (npm, npx, yarn, pnpm,
 * corepack, the tsx command) are Node programs too, so the recorder records them, but their work
 * (reading package.json, resolving a bin, starting a shell) is the tool's, not the user's. They
 * are folded: their streams stay out of the trace, and the run lists them as "via npm (pid ...)".
 * A folded lane would be tens of milliseconds of module loading followed by minutes of waiting
 * on a child: nothing a user can act on, and it would push the program's own lanes down. The shell
 * between npm and node (`sh -c`) is not a Node process and is never recorded at all.
 * ts-node is not a launcher: it compiles and runs the user's code in its own process, whose lane
 * is the program's.
 */
import path from 'node:path';
import type { HelloEvent, WireEvent } from '../core/wire';

/** Script paths (argv[1]) of known launchers, by what they end with. */
const LAUNCHER_SCRIPTS: [RegExp, string][] = [
  [/[\\/]npm[\\/]bin[\\/]npm-cli\.js$/, 'npm'],
  [/[\\/]npm[\\/]bin[\\/]npx-cli\.js$/, 'npx'],
  [/[\\/]corepack[\\/]dist[\\/][^\\/]+\.js$/, 'corepack'],
  [/[\\/]yarn[\\/]bin[\\/]yarn(?:\.c?js)?$/, 'yarn'],
  [/[\\/]pnpm[\\/]bin[\\/]pnpm\.c?js$/, 'pnpm'],
  [/[\\/]tsx[\\/]dist[\\/]cli\.[cm]?js$/, 'tsx'],
];

/** The launcher's name when `argv` (process.argv of a recorded process) is one, else undefined. */
export function launcherOf(argv: readonly string[]): string | undefined {
  const script = argv[1] ?? '';
  for (const [re, name] of LAUNCHER_SCRIPTS) if (re.test(script)) return name;
  // `npm` started through a bin link keeps its link's name in argv[1].
  const base = path.basename(script);
  return ['npm', 'npx', 'yarn', 'pnpm', 'corepack', 'tsx'].includes(base) ? base : undefined;
}

/** A folded launcher process. */
export interface Launcher {
  name: string;
  pid: number;
}

/** The streams that are the user's (launchers left out, streams with no hello too), and the launchers. */
export function foldLaunchers(streams: WireEvent[][]): { streams: WireEvent[][]; launchers: Launcher[] } {
  const out: WireEvent[][] = [];
  const launchers: Launcher[] = [];
  for (let s of streams) {
    // A worker of a child process (Node's own module-hooks thread under tsx) can write before its
    // main thread: the hello is then not first, and the builder wants it first.
    const at = s.findIndex((e) => e.k === 'hello');
    if (at < 0) continue;
    if (at > 0) s = [s[at], ...s.slice(0, at), ...s.slice(at + 1)];
    const hello = s[0] as HelloEvent;
    const name = launcherOf(hello.argv);
    if (name) launchers.push({ name, pid: hello.pid });
    else out.push(s);
  }
  return { streams: out, launchers };
}
