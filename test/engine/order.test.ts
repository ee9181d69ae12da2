/**
 * Order is real: for every event-loop puzzle, the console lines recorded under the recorder come in
 * exactly the order plain Node prints them, and each line is attributed to the queue its golden
 * file says (see golden.ts; `UPDATE_GOLDEN=1` rewrites the files, which a person then reads).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fixture, record, plainRun, consoleLines, lines } from './helpers';
import { goldenLines } from './golden';

const dir = fixture('puzzles');
const puzzles = readdirSync(dir).filter((f) => /^\d\d-.*\.(m?[jt]s|cjs)$/.test(f)).sort();

test('there are at least 25 ordering puzzles', () => {
  assert.ok(puzzles.length >= 25, `only ${puzzles.length} puzzles`);
});

for (const name of puzzles) {
  test(`order matches plain node: ${name}`, async () => {
    const file = `${dir}/${name}`;
    const plain = plainRun(file);
    const { trace } = await record(file);
    const expected = lines(plain.stdout);
    assert.ok(expected.length >= 2, `the puzzle prints at least two lines under plain node (got ${JSON.stringify(plain.stdout)})`);
    assert.deepEqual(consoleLines(trace, 'stdout'), expected);
    assert.equal(trace.meta.exit.code, plain.status, 'same exit code as plain node');
    const goldenFile = file.replace(/\.[^.]+$/, '.golden');
    const recorded = goldenLines(trace);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, recorded.join('\n') + '\n');
    assert.ok(existsSync(goldenFile), `${goldenFile} exists (UPDATE_GOLDEN=1 writes it)`);
    assert.deepEqual(recorded, lines(readFileSync(goldenFile, 'utf8')), 'each line printed from the queue the golden file says');
  });
}
