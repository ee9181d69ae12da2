/** Runs a fixture under the built recorder in a real Node child process and decodes its streams. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWire } from '../../src/core/wire-codec';
import type { WireEvent } from '../../src/core/wire';

export const root = path.resolve(__dirname, '..', '..');
export const recorder = path.join(root, 'dist', 'recorder.js');
export const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'recorder', name);

let built = false;
/** Builds dist/recorder.js once per test process. */
export function ensureBuilt(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  built = true;
}

export interface Recorded {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** pid → events of that process's stream. */
  streams: Map<number, WireEvent[]>;
  /** The entry process's events. */
  events: WireEvent[];
  pid: number;
  ms: number;
}

export interface RunOpts {
  env?: Record<string, string>;
  /** SIGKILL the process group after this many ms. */
  killAfterMs?: number;
  /** Run without the recorder (for comparisons). */
  plain?: boolean;
  args?: string[];
}

export function decodeDir(dir: string): Map<number, WireEvent[]> {
  const streams = new Map<number, WireEvent[]>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.bin')) continue;
    const bytes = new Uint8Array(readFileSync(path.join(dir, f)));
    const { events, consumed } = decodeWire(bytes);
    if (consumed !== bytes.length) throw new Error(`${f}: ${bytes.length - consumed} trailing bytes`);
    streams.set(Number(f.slice(0, -4)), events);
  }
  return streams;
}

export async function record(file: string, o: RunOpts = {}): Promise<Recorded> {
  ensureBuilt();
  const out = mkdtempSync(path.join(os.tmpdir(), 'av-rec-'));
  const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: undefined, ...o.env };
  if (!o.plain) {
    env.NODE_OPTIONS = `--require "${recorder}"`;
    env.ASYNC_VIZ_OUT = out;
    env.ASYNC_VIZ_RECORDER = recorder;
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, [file, ...(o.args ?? [])], { cwd: path.dirname(file), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = o.killAfterMs ? setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), o.killAfterMs) : undefined;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (c, s) => resolve({ code: c, signal: s })),
  );
  const ms = performance.now() - t0;
  if (timer) clearTimeout(timer);
  const streams = decodeDir(out);
  rmSync(out, { recursive: true, force: true });
  return { code, signal, stdout, stderr, streams, events: streams.get(child.pid!) ?? [], pid: child.pid!, ms };
}

/** The event type(s) whose `k` may be K (CallEvent has k: 'callStart' | 'callEnd'). */
export type Of<K extends WireEvent['k'], E = WireEvent> = E extends { k: infer EK } ? (K extends EK ? E : never) : never;

/** Events of one kind, typed. */
export function only<K extends WireEvent['k']>(events: WireEvent[], k: K): Of<K>[] {
  return events.filter((e) => e.k === k) as Of<K>[];
}

/** Line of a marker comment in a fixture (1-based). */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in ${file}`);
  return i + 1;
}
