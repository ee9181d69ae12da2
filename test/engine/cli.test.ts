/** The async-viz command: outputs, exit codes, messages. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, fixture, ensureBuilt } from './helpers';

const cli = (...args: string[]) => {
  ensureBuilt();
  return spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('writes JSON and Chrome traces and a summary; exit 0', () => {
  const json = path.join(tmp, 't.json');
  const chrome = path.join(tmp, 't.chrome.json');
  const r = cli(fixture('engine', 'awaits-all.ts'), '--json', json, '--chrome-trace', chrome);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /awaits-all\.ts · ES module/);
  assert.match(r.stdout, /lanes: main/);
  const trace = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(trace.version, 1);
  assert.equal(trace.meta.moduleFormat, 'esm');
  const ct = JSON.parse(readFileSync(chrome, 'utf8'));
  assert.ok(Array.isArray(ct.traceEvents) && ct.traceEvents.length > 5);
});

test('exit 1 when the snippet throws, and the trace is still written', () => {
  const json = path.join(tmp, 'throw.json');
  const r = cli(fixture('engine', 'throw-timer.cjs'), '--json', json);
  assert.equal(r.status, 1);
  assert.ok(existsSync(json));
  assert.match(r.stdout, /Uncaught exception at line 3: timer boom/);
});

test('exit 1 on time-out', () => {
  const r = cli(fixture('engine', 'forever.cjs'), '--timeout', '1500');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Timed out after 1\.5 s/);
});

test('exit 2 and file:line:col for a syntax error', () => {
  const file = fixture('engine', 'syntax-error.ts');
  const r = cli(file);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
});

test('exit 2 for bad usage', () => {
  assert.equal(cli().status, 2);
  assert.equal(cli(fixture('engine', 'busy-loop.cjs'), '--timeout', 'soon').status, 2);
  assert.equal(cli('--nope').status, 2);
  assert.equal(cli(path.join(tmp, 'missing.ts')).status, 2);
});

test('--blocking-threshold changes what counts as blocked', () => {
  const json = path.join(tmp, 'thr.json');
  assert.equal(cli(fixture('engine', 'busy-loop.cjs'), '--json', json, '--blocking-threshold', '500', '--quiet').status, 0);
  const trace = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(trace.meta.blockingThresholdMs, 500);
  assert.equal(trace.blocked.length, 0, 'a 200 ms loop is under a 500 ms threshold');
});

test('--lesson 3 --lang ko: records the compare pair, writes a Korean HTML view with the lesson notes, prints its URL', () => {
  const html = path.join(tmp, 'sub', 'lesson3.html');
  const r = cli('--lesson', '3', '--lang', 'ko', '--html', html, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(html, 'utf8');
  assert.match(text, /<html lang="ko">/);
  const catalogue = JSON.parse(readFileSync(path.join(root, 'examples', 'lessons.json'), 'utf8'));
  const notice: string = catalogue.lessons.find((l: { id: number }) => l.id === 3).notice.ko;
  assert.ok(text.includes(JSON.stringify(notice).slice(1, 20)), 'the Korean notice is in the page');
  // The bridge from Python: the twin's name and the Korean mapping, in the payload the view shows.
  const python = catalogue.lessons.find((l: { id: number }) => l.id === 3).python;
  const data = JSON.parse(/id="async-viz-data">([\s\S]*?)<\/script>/.exec(text)![1]);
  assert.equal(data.python, `${path.basename(python.file)} — ${python.mapping.ko}`);
  const loud = cli('--lesson', '3', '--html', html);
  assert.match(loud.stdout, /compare: sequential\.ts .* vs concurrent\.ts .* concurrent\.ts is [\d.]+x faster/);
  assert.match(loud.stdout, /open it in a browser: file:\/\/.*lesson3\.html/);
});

test('--lesson with a number that is not a lesson, or with a file: exit 2 and why', () => {
  const none = cli('--lesson', '99');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /there is no lesson 99/);
  const both = cli(fixture('engine', 'awaits-all.ts'), '--lesson', '1');
  assert.equal(both.status, 2);
  assert.match(both.stderr, /a file or --lesson, not both/);
});

test('--lesson 4 asks for a guess first (its catalogue entry says predict); --predict does it for any file', () => {
  const payload = (html: string) => JSON.parse(/id="async-viz-data">([\s\S]*?)<\/script>/.exec(readFileSync(html, 'utf8'))![1]);
  const lesson = path.join(tmp, 'lesson4.html');
  assert.equal(cli('--lesson', '4', '--html', lesson, '--quiet').status, 0);
  assert.equal(payload(lesson).predict, true);
  const plainFile = path.join(tmp, 'plain.html');
  assert.equal(cli(fixture('engine', 'awaits-all.ts'), '--html', plainFile, '--quiet').status, 0);
  assert.equal(payload(plainFile).predict, undefined);
  const asked = path.join(tmp, 'asked.html');
  assert.equal(cli(fixture('engine', 'awaits-all.ts'), '--predict', '--html', asked, '--quiet').status, 0);
  assert.equal(payload(asked).predict, true);
});

test('a reader that closes the pipe early (| head -1) does not crash the CLI, and the files are still written', () => {
  ensureBuilt();
  const json = path.join(tmp, 'piped.json');
  const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'bin', 'async-viz.js'))} ${JSON.stringify(fixture('engine', 'awaits-all.ts'))} --json ${JSON.stringify(json)} | head -c 1 >/dev/null; echo "status=\${PIPESTATUS:-$?}"`], { encoding: 'utf8', timeout: 60_000 });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled 'error' event/, r.stderr);
  assert.ok(existsSync(json), 'the trace is written');
});
