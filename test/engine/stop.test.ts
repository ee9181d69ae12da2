/**
 * Stopping a recording from outside: a signal to the CLI stops the run and keeps everything it
 * recorded (trace, HTML), kills the program's whole group and removes the run folder; the CLI
 * dying without cleaning up (kill -9) takes the program with it within a second; `--timeout 0`
 * records until the program ends; the live status shows only on a terminal. All with the real
 * CLI, a real HTTP server and real requests.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, fixture, root, alive } from './helpers';
import { isGroupAlive } from '../../src/run/process-group';
import type { Trace } from '../../src/core/trace';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-stop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const cliPath = path.join(root, 'bin', 'async-viz.js');

interface Cli {
  child: ChildProcess;
  /** The CLI's own temp folder (TMPDIR): where the run folder lives while it records. */
  tmpdir: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Starts the CLI with its own TMPDIR, so the test can see the run folder come and go. */
function startCli(name: string, ...args: string[]): Cli {
  ensureBuilt();
  const tmpdir = mkdtempSync(path.join(tmp, `${name}-`));
  const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, TMPDIR: tmpdir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, tmpdir, stdout: () => out, exited };
}

const get = (port: number, p: string) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s)).on('end', () => resolve(body));
    }).on('error', reject);
  });

async function until<T>(what: string, fn: () => T | undefined | false, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The recorded server's port and pid, once it printed them. A recording's output reaches only the trace, so the server's pid comes from /proc. */
async function serverOf(cli: Cli): Promise<{ port: number; pid: number }> {
  const pid = await until('the recorded server to start', () => {
    const kids = childrenOf(cli.child.pid!);
    return kids.find((p) => /server\.cjs/.test(cmdline(p)));
  });
  const port = await until('the server to listen', () => listeningPort(pid));
  return { port, pid };
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** The TCP port `pid` listens on (from /proc/net/tcp and its socket inodes), or undefined. */
function listeningPort(pid: number): number | undefined {
  let inodes: Set<string>;
  try {
    inodes = new Set(readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return /socket:\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '';
      } catch {
        return '';
      }
    }));
  } catch {
    return undefined;
  }
  for (const row of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = row.trim().split(/\s+/);
    if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) return parseInt(f[1].split(':')[1], 16);
  }
  return undefined;
}

const runFolders = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('async-viz-'));

for (const [sig, code, by] of [['SIGINT', 130, /Stopped by Ctrl\+C after \d/], ['SIGTERM', 143, /Stopped by SIGTERM after \d/], ['SIGHUP', 129, /Stopped by SIGHUP .*after \d/]] as const) {
  test(`${sig} to the CLI stops a recorded HTTP server: trace and HTML written with its requests, exit ${code}, nothing left`, async () => {
    const json = path.join(tmp, `${sig}.json`);
    const html = path.join(tmp, `${sig}.html`);
    const cli = startCli(sig, fixture('engine', 'server.cjs'), '--json', json, '--html', html, '--timeout', '60000');
    const { port, pid } = await serverOf(cli);
    assert.equal(runFolders(cli.tmpdir).length, 1, 'the run folder exists while recording');
    for (const p of ['/one', '/two', '/three']) assert.equal(await get(port, p), `hi ${p}\n`);
    cli.child.kill(sig);
    assert.equal(await cli.exited, code, cli.stdout());
    assert.match(cli.stdout(), by);
    const trace = JSON.parse(readFileSync(json, 'utf8')) as Trace;
    assert.equal(trace.meta.exit.cancelled, true);
    assert.equal(trace.meta.exit.stoppedBy, sig);
    assert.match(trace.meta.exit.error ?? '', by);
    const answered = trace.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text).filter((t) => t.startsWith('answered'));
    assert.deepEqual(answered, ['answered /one', 'answered /two', 'answered /three']);
    assert.ok(existsSync(html) && readFileSync(html, 'utf8').includes('async-viz-data'), 'the HTML is written');
    assert.equal(alive(pid), false, 'the server is gone');
    assert.equal(isGroupAlive(pid), false, 'its process group is gone');
    await assert.rejects(get(port, '/after'), 'nothing answers on the port any more');
    assert.deepEqual(runFolders(cli.tmpdir), [], 'the run folder is removed');
  });
}

test('kill -9 of the CLI: the recorded program and its group are gone within 1 s, and so is the run folder', async () => {
  const cli = startCli('kill9', fixture('engine', 'server.cjs'), '--timeout', '60000');
  const { port, pid } = await serverOf(cli);
  assert.equal(await get(port, '/x'), 'hi /x\n');
  cli.child.kill('SIGKILL');
  await cli.exited;
  const t0 = Date.now();
  await until('the orphaned server to die', () => !alive(pid) && !isGroupAlive(pid), 3000);
  const ms = Date.now() - t0;
  assert.ok(ms < 1000, `gone after ${ms} ms`);
  // What is left, when something is: the whole folder meant the watchdog never removed it (its
  // thread had started after the runner died and took init for the parent it never had).
  await until('the run folder to be removed', () => runFolders(cli.tmpdir).length === 0, 1000).catch((e) => {
    const left = runFolders(cli.tmpdir).map((n) => `${n}: ${readdirSync(path.join(cli.tmpdir, n), { recursive: true }).join(', ')}`);
    throw new Error(`${(e as Error).message}; left: ${left.join('; ')}`);
  });
});

test('--timeout 0 records a 3 s program to its end', async () => {
  const json = path.join(tmp, 'no-timeout.json');
  const cli = startCli('t0', fixture('engine', 'three-seconds.cjs'), '--timeout', '0', '--json', json);
  assert.equal(await cli.exited, 0, cli.stdout());
  const trace = JSON.parse(readFileSync(json, 'utf8')) as Trace;
  assert.equal(trace.meta.exit.timedOut, false);
  assert.equal(trace.meta.exit.code, 0);
  assert.ok(trace.meta.durationMs >= 3000, `${trace.meta.durationMs} ms`);
  assert.ok(trace.events.some((e) => e.kind === 'console' && e.text === 'done after 3 s'));
});

test('the live status shows on a terminal only, and is erased before the summary', () => {
  ensureBuilt();
  const file = fixture('engine', 'three-seconds.cjs');
  // `script` gives the CLI a pseudo-terminal; its typescript (output) goes to stdout.
  const tty = spawnSync('script', ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} ${JSON.stringify(file)} --timeout 0`, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(tty.status, 0, tty.stderr);
  assert.match(tty.stdout, /⏺ recording [\d.]+ s · [\d,]+ events · Ctrl\+C to stop and keep the trace/);
  const erased = tty.stdout.lastIndexOf('\r\u001b[2K');
  assert.ok(erased >= 0 && erased < tty.stdout.indexOf('three-seconds.cjs · CommonJS'), 'the status line is erased before the summary');
  const piped = spawnSync(process.execPath, [cliPath, file, '--timeout', '0'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(piped.status, 0);
  assert.doesNotMatch(piped.stderr + piped.stdout, /recording [\d.]+ s/);
});
