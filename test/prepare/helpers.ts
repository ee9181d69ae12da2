/** Shared helpers of the prepare tests: temp dirs and running generated files with plain node. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../fixtures/prepare');
export const MOCK_RECORDER = path.join(FIXTURES, 'mock-recorder.cjs');

export function tempDir(prefix = 'av-prepare-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface NodeRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs `file` with plain node and the given flags (e.g. --import loader, --require recorder). */
export function runNode(file: string, flags: string[] = [], cwd = path.dirname(file)): NodeRun {
  const r = spawnSync(process.execPath, [...flags, file], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Runs what `prepare` made (the user's file as itself, or the copy), under the mock recorder. */
export function runPrepared(p: { runFile: string; sourceFile?: string; format: string }, cwd = path.dirname(p.runFile)): NodeRun {
  const r = spawnSync(process.execPath, ['--require', MOCK_RECORDER, p.runFile], {
    cwd, encoding: 'utf8', timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '', AV_SOURCE: p.sourceFile ?? '', AV_FORMAT: p.format },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The text that runs: the prepared text the recorder gives Node, or the copy. */
export function preparedText(p: { runFile: string; sourceFile?: string }): string {
  return fs.readFileSync(p.sourceFile ?? p.runFile, 'utf8');
}

/** The mock recorder's counters from a run's stderr (the line is removed from `stderr` by `withoutStats`). */
export function recorderStats(stderr: string): Record<string, number> & { fns: number[]; sites: number[] } {
  const line = stderr.split('\n').find((l) => l.startsWith('AVSTATS '));
  if (!line) throw new Error(`no recorder stats in stderr:\n${stderr}`);
  return JSON.parse(line.slice('AVSTATS '.length));
}

/** stderr without the mock recorder's statistics line. */
export function withoutStats(stderr: string): string {
  return stderr.replace(/\n?AVSTATS .*\n$/, '');
}
