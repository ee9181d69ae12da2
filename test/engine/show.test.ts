/**
 * `async-viz show` and the .avtrace output, through the real CLI: a recorded run written as JSON
 * and as .avtrace gives, shown again, the payload the live run's page had; conversions between
 * the formats lose nothing; `--compare` reads an .avtrace; bad input gets one sentence; with
 * nothing to write it serves the timeline on 127.0.0.1 (headers, host check, Ctrl+C); and a big
 * trace's Chrome export and JSON stream out under a heap far smaller than the files.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import http from 'node:http';
import { root, fixture, ensureBuilt, alive } from './helpers';
import { readAvtrace, readAvtraceBytes, writeAvtrace } from '../../src/run/avtrace-file';
import { spanAt, type ColumnarTrace } from '../../src/core/columns/table';
import type { Trace } from '../../src/core/trace';
import { KIND } from '../../src/core/span-kinds';
import { generateColumnar } from '../../bench/generate';
import { ChromeTraceChecker } from '../core/chrome-validate';
import { readJsonStreaming } from '../core/json-stream';

const bin = path.join(root, 'bin', 'async-viz.js');
const cli = (...args: string[]) => {
  ensureBuilt();
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-show-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const at = (f: string) => path.join(tmp, f);

/** The page's payload with its traces read back, as plain data (spans as objects). */
async function pagePayload(html: string): Promise<Record<string, unknown>> {
  const p = JSON.parse(/id="async-viz-data">([\s\S]*?)<\/script>/.exec(readFileSync(html, 'utf8'))![1]);
  const traces = [];
  for (const t of p.traces as string[]) traces.push(plain((await readAvtraceBytes(Buffer.from(t, 'base64'))).trace));
  return { ...p, traces };
}

/** A recorded trace (the workers fixture) saved as .json and as .avtrace in the temp folder, once. */
let saved: Promise<{ json: string; avtrace: string }> | undefined;
const savedTrace = (): Promise<{ json: string; avtrace: string }> => (saved ??= (async () => {
  const json = at('saved.json'), avtrace = at('saved.avtrace');
  copyFileSync(path.join(root, 'test', 'fixtures', 'traces', 'workers.json'), json);
  await writeAvtrace(avtrace, JSON.parse(readFileSync(json, 'utf8')) as Trace);
  return { json, avtrace };
})());

function plain(t: ColumnarTrace | Trace): unknown {
  const spans = Array.isArray(t.spans) ? t.spans : Array.from({ length: t.spans.n }, (_, i) => spanAt((t as ColumnarTrace).spans, i));
  return JSON.parse(JSON.stringify({ ...t, spans }));
}

test('a run written as --json and --avtrace: show of either gives the payload of the live run\'s page, and the same summary and steps', async () => {
  for (const program of [fixture('engine', 'awaits-all.ts'), fixture('engine', 'workers.cjs')]) {
    const name = path.basename(program);
    const live = cli(program, '--json', at(`${name}.json`), '--avtrace', at(`${name}.avtrace`), '--html', at(`${name}.live.html`));
    assert.equal(live.status, 0, live.stderr);
    assert.match(live.stdout, new RegExp(`wrote .*${name}\\.avtrace \\(\\d+ kB\\)`));
    const json = JSON.parse(readFileSync(at(`${name}.json`), 'utf8')) as Trace;
    assert.ok(statSync(at(`${name}.avtrace`)).size < statSync(at(`${name}.json`)).size / 2, 'the .avtrace is the smaller file');
    const want = await pagePayload(at(`${name}.live.html`));
    assert.deepEqual((want.traces as unknown[])[0], plain(json), 'the live page carries the recorded trace');
    for (const saved of [`${name}.json`, `${name}.avtrace`]) {
      const r = cli('show', at(saved), '--html', at(`${saved}.html`), '--steps');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(await pagePayload(at(`${saved}.html`)), want, `${saved}: the same payload as the live run's page`);
      // The summary and the step story are the live run's.
      const liveLines = live.stdout.split('\n').filter((l) => !/wrote|open it/.test(l));
      assert.deepEqual(r.stdout.split('\n').slice(0, liveLines.length - 1), liveLines.slice(0, -1), `${saved}: the summary`);
      assert.match(r.stdout, /\[scriptFirst\]/, 'the step story');
    }
    const steps = [`${name}.json`, `${name}.avtrace`].map((f) => cli('show', at(f), '--steps', '--lang', 'ko', '--quiet').stdout);
    assert.equal(steps[0], steps[1]);
    assert.ok(steps[0].length > 200);
  }
});

test('show converts between the formats without loss; --compare reads an .avtrace as it reads a .json', async () => {
  const { json: src, avtrace } = await savedTrace();
  assert.equal(cli('show', src, '--avtrace', at('a.avtrace'), '--quiet').status, 0);
  assert.equal(cli('show', at('a.avtrace'), '--json', at('back.json'), '--avtrace', at('again.avtrace'), '--chrome-trace', at('a.chrome.json'), '--quiet').status, 0);
  const original = JSON.parse(readFileSync(src, 'utf8')) as Trace;
  assert.deepEqual(plain(JSON.parse(readFileSync(at('back.json'), 'utf8'))), plain(original));
  assert.deepEqual(plain((await readAvtrace(at('again.avtrace'))).trace), plain(original));
  assert.equal(JSON.parse(readFileSync(at('a.chrome.json'), 'utf8')).otherData.file, original.meta.file);

  const cmp = cli('show', avtrace, '--compare', at('back.json'), '--html', at('cmp.html'));
  assert.equal(cmp.status, 0, cmp.stderr);
  assert.match(cmp.stdout, /compare: saved\.avtrace 280 ms vs back\.json 280 ms · about the same time/);
  const p = await pagePayload(at('cmp.html'));
  assert.equal((p.traces as unknown[]).length, 2);
  assert.deepEqual((p.traces as unknown[])[1], (p.traces as unknown[])[0]);
  assert.deepEqual(p.labels, ['saved.avtrace', 'back.json']);
  // The recording form takes a saved trace in place of a program too, .avtrace included.
  const direct = cli(avtrace, '--compare', src, '--quiet');
  assert.equal(direct.status, 0, direct.stderr);
});

test('show refuses, in one sentence: a program, recording options, a missing file, a file that is not a trace; a cut-off .avtrace shows what it holds', async () => {
  const { avtrace } = await savedTrace();
  const fails = (args: string[], code: number, re: RegExp): void => {
    const r = cli(...args);
    assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  };
  fails(['show', fixture('engine', 'awaits-all.ts')], 2, /show opens a saved trace \(\.avtrace or \.json\); to record .*awaits-all\.ts, run: async-viz/);
  fails(['show', avtrace, '--timeout', '5'], 2, /show opens a saved trace: --timeout is for recording a program/);
  fails(['show'], 2, /show needs a saved trace/);
  fails(['show', at('none.avtrace')], 2, /none\.avtrace: no such file/);
  writeFileSync(at('text.avtrace'), 'hello');
  fails(['show', at('text.avtrace')], 2, /text\.avtrace is not an \.avtrace file/);
  writeFileSync(at('text.json'), '{"version": 1}');
  fails(['show', at('text.json')], 2, /text\.json is not an Async Viz trace/);
  fails(['show', tmp + '/'], 2, /is a directory, not a trace file/);
  fails(['show', avtrace, '--html', path.join(at('text.json'), 'x.html')], 1, /cannot write .*x\.html: (ENOTDIR|EEXIST)/);
  copyFileSync(avtrace, at('cut.avtrace'));
  truncateSync(at('cut.avtrace'), statSync(at('cut.avtrace')).size - 30);
  const cut = cli('show', at('cut.avtrace'), '--json', at('cut.json'));
  assert.equal(cut.status, 0, cut.stderr);
  assert.match(cut.stderr, /warning: .*cut\.avtrace was cut off: the trace holds what was written before the cut/);
  assert.ok(JSON.parse(readFileSync(at('cut.json'), 'utf8')).spans.length > 0);
});

test('show with nothing to write serves the timeline on 127.0.0.1 only, under a secret path, with a strict CSP; Ctrl+C stops it (exit 0)', async () => {
  ensureBuilt();
  const { avtrace } = await savedTrace();
  const child = spawn(process.execPath, [bin, 'show', avtrace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!/http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\//.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const url = /http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\//.exec(out)?.[0];
  assert.ok(url, out);
  try {
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    assert.match(html, /id="async-viz-data" data-fetch="traces">/);
    assert.ok(!/http:\/\/|https:\/\//.test(html.replace(/http:\/\/www\.w3\.org\/[\w/]+/g, '')), 'nothing remote');
    const bytes = new Uint8Array(await (await fetch(`${url}trace-0.avtrace`)).arrayBuffer());
    assert.deepEqual(bytes, new Uint8Array(readFileSync(avtrace)), 'the file itself, as it was read');
    for (const bad of [`${url}trace-1.avtrace`, `${url}../etc/passwd`, url.replace(/[0-9a-f]{32}/, '0'.repeat(32)), url.replace(/\/[0-9a-f]{32}\//, '/')]) assert.equal((await fetch(bad)).status, 404, bad);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
    // Another Host (a page of another site resolving its name to 127.0.0.1): refused.
    const u = new URL(url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: u.port, path: u.pathname, headers: { Host: 'evil.example' } }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    assert.equal(status, 421);
  } finally {
    child.kill('SIGINT');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.ok(!alive(child.pid!));
});

test('a big trace streams out: its Chrome export and JSON, hundreds of MB, written under a 64 MB heap, are valid', async () => {
  ensureBuilt();
  const n = 500_000;
  const c = generateColumnar(n);
  const big = at('big.avtrace');
  await writeAvtrace(big, c);
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', bin, 'show', big, '--chrome-trace', at('big.chrome.json'), '--json', at('big.json'), '--quiet'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const chromeBytes = statSync(at('big.chrome.json')).size;
  assert.ok(chromeBytes > 100e6, `${chromeBytes} bytes: more than a 64 MB heap could hold as one string`);
  const checker = new ChromeTraceChecker();
  let x = 0, b = 0;
  const rest = await readJsonStreaming(at('big.chrome.json'), 'traceEvents', (e) => {
    const ev = e as Parameters<ChromeTraceChecker['add']>[0];
    checker.add(ev);
    if (ev.ph === 'X' && ev.cat !== 'blocked') x++;
    if (ev.ph === 'b') b++;
  });
  checker.finish();
  let awaits = 0;
  for (let i = 0; i < n; i++) if (c.spans.kind[i] === KIND.await) awaits++;
  assert.equal(x, n - awaits, 'a slice per callback');
  assert.equal(b, awaits, 'an async slice per await');
  assert.equal(rest.displayTimeUnit, 'ms');
  // The JSON: every span, as the columns hold it.
  let k = 0;
  const meta = await readJsonStreaming(at('big.json'), 'spans', (s) => {
    if (k % 49_999 === 0) assert.deepEqual(s, spanAt(c.spans, k));
    k++;
  });
  assert.equal(k, n);
  assert.deepEqual(meta.events, c.events);
});
