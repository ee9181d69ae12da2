/** Shared helpers for the engine tests: real runs, plain-node reference runs. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { runFile } from '../../src/run/runner';
import { detectModuleFormat } from '../../src/run/prepare';
import { isAlive } from '../../src/run/process-group';
import type { RunOptions, RunResult } from '../../src/run/types';
import type { Trace, ConsoleEvent } from '../../src/core/trace';

export const root = path.resolve(__dirname, '..', '..');
export const fixture = (...p: string[]) => path.join(root, 'test', 'fixtures', ...p);

/** Builds dist/ once per test process (the recorder must be current). */
let built = false;
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  built = true;
}

export async function record(file: string, opts: Partial<RunOptions> = {}): Promise<RunResult> {
  ensureBuilt();
  return runFile({ file, ...opts });
}

/** Console lines as recorded, in order (each write split into lines). */
export function consoleLines(trace: Trace, stream?: 'stdout' | 'stderr'): string[] {
  return trace.events
    .filter((e): e is ConsoleEvent => e.kind === 'console' && (!stream || e.stream === stream))
    .flatMap((e) => e.text.split('\n'));
}

/** Runs a file under plain node (TypeScript first transpiled by esbuild alone, nothing else). */
export function plainRun(file: string): { stdout: string; status: number | null } {
  let target = file;
  let tmp: string | undefined;
  if (/\.[mc]?ts$/.test(file)) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-plain-'));
    // In the module format Node would give the file (detected the same way as for a recorded run).
    const source = readFileSync(file, 'utf8');
    const format = detectModuleFormat(file, source);
    const js = transformSync(source, { loader: 'ts', format, target: 'node20' }).code;
    target = path.join(path.dirname(file), `.plain-${path.basename(file).replace(/\.[mc]?ts$/, format === 'esm' ? '.mjs' : '.cjs')}`);
    writeFileSync(target, js);
  }
  try {
    const r = spawnSync(process.execPath, [target], { cwd: path.dirname(file), encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } });
    return { stdout: r.stdout, status: r.status };
  } finally {
    if (tmp) {
      rmSync(target, { force: true });
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

export const lines = (s: string) => s.split('\n').filter((l, i, a) => !(l === '' && i === a.length - 1));

/** 1-based line of the first line containing `marker` in a fixture file. */
export function lineOf(file: string, marker: string): number {
  const idx = readFileSync(file, 'utf8').split('\n').findIndex((l: string) => l.includes(marker));
  if (idx < 0) throw new Error(`${marker} not in ${file}`);
  return idx + 1;
}

/** True when a process with this pid still exists (and is not a zombie). */
export { isAlive as alive };
