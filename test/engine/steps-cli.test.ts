/** `async-viz --steps` and the pitfalls under the summary: the core's analyses of a real run in the terminal, in English and Korean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, ensureBuilt } from './helpers';
import { terminalSafe } from '../../src/cli/terminal';

const cli = (...args: string[]) => {
  ensureBuilt();
  return spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LANG: 'C' } });
};
const lesson4 = path.join(root, 'examples', '04-event-loop-order', 'order.ts');

test('--steps: every callback of lesson 4 in order, the queue it came from, the rule, what waited and what it printed', () => {
  const r = cli(lesson4, '--steps', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  const steps = r.stdout.split('\n').filter((l) => /^Step \d+ of \d+ · /.test(l));
  assert.ok(steps.length >= 8, r.stdout);
  const total = Number(/^Step 1 of (\d+)/.exec(steps[0])![1]);
  assert.equal(steps.length, total, 'one heading per step');
  assert.match(steps[0], /^Step 1 of \d+ · script #0/);
  assert.doesNotMatch(steps[0], / from the /, 'top-level code comes from no queue');
  assert.match(r.stdout, /Why this comes next \[scriptFirst\]: The top-level code of the script runs first/);
  assert.match(r.stdout, /Waiting: nextTick queue \d+ · Microtask queue \d+ · Pending timers 1 · Immediates 0 · Pending I\/O 0/);
  for (const q of ['nextTick queue', 'microtask queue', 'timers phase', 'check phase \\(setImmediate\\)']) assert.match(r.stdout, new RegExp(`· from the ${q}\\n`), q);
  for (const rule of ['nextTickBeforePromises', 'microtasksDrainBeforeTimers', 'timersPhase', 'checkPhaseImmediate']) assert.ok(r.stdout.includes(`[${rule}]`), rule);
  // The lines the program printed, in the order it printed them, each under the step that printed it.
  const printed = [...r.stdout.matchAll(/^ {2}Printed: (.*)$/gm)].flatMap((m) => JSON.parse(`[${m[1]}]`) as string[]);
  assert.deepEqual(printed, ['script start', 'script end', 'process.nextTick', 'promise.then', 'setTimeout', 'nextTick inside setTimeout', 'setImmediate inside setTimeout', 'setTimeout inside setTimeout']);
  // The recorded delay says when the timer was due: on time, or how late and why.
  assert.match(r.stdout, /(It was set at [\d.]+ (ms|µs) for 1 ms, due at [\d.]+ (ms|µs), and ran at [\d.]+ (ms|µs): on time|Due at [\d.]+ (ms|µs), ran at [\d.]+ (ms|µs): [\d.]+ (ms|µs) late, because)/);
});

test('--steps --lang ko: the same story in Korean', () => {
  const r = cli(lesson4, '--steps', '--quiet', '--lang', 'ko');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+단계 중 1단계 · 스크립트 #0/);
  assert.match(r.stdout, /이 단계가 다음인 이유 \[nextTickBeforePromises\]: nextTick 콜백은 프로미스 콜백보다 먼저 실행됩니다/);
  assert.match(r.stdout, /· nextTick 큐에서\n/);
  assert.match(r.stdout, /출력: "setImmediate inside setTimeout"/);
});

test('the summary lists the pitfalls the core finds, in --lang', () => {
  const file = path.join(root, 'examples', '11-pitfalls', 'forgotten-await.ts');
  const en = cli(file);
  assert.equal(en.status, 0, en.stderr);
  assert.match(en.stdout, /\n {2}Look out:\n {4}⚠ save\(\) was still running when main\(\) returned: is an await missing before the call\? \(line \d+\)/);
  assert.match(cli(file, '--lang', 'ko').stdout, /\n {2}주의할 점:\n {4}⚠ main\(\) 이\(가\) 끝났을 때 save\(\) 은\(는\) 아직 실행 중이었습니다/);
  assert.doesNotMatch(cli(lesson4).stdout, /Look out/);
});

test('the program\'s strings reach the terminal escaped', () => {
  assert.equal(terminalSafe('a\x1b[2Jb\r\nc\u009b\u202e'), 'a\\x1b[2Jb\\r\\nc\\x9b\\u202e');
});
