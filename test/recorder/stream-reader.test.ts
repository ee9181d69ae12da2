/**
 * The runner's stream reader with `decode: 'end'`: while the budget is far it only looks at the
 * files' sizes (the program keeps the CPU), nearer to it it counts exactly, and at the end every
 * record on disk is decoded; a damaged file keeps what came before the damage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeWire } from '../../src/core/wire-codec';
import type { WireEvent } from '../../src/core/wire';
import { StreamReader } from '../../src/run/stream-reader';

const callbacks = (n: number, tid = 0): WireEvent[] => {
  const out: WireEvent[] = [{ k: 'hello', t: 1, tid: 0, pid: 10, ppid: 1, nodeVersion: 'v20', argv: ['node', 'x.js'] }];
  for (let i = 0; i < n; i++) out.push({ k: 'before', t: 2 + i, tid, id: 100 + i }, { k: 'after', t: 2.5 + i, tid, id: 100 + i });
  return out;
};

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'av-reader-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('reader (end): far from the budget a poll counts nothing and reads nothing, but says the files grew; the end decodes them all', () => withDir((dir) => {
  const events = callbacks(50);
  const bytes = encodeWire(events);
  appendFileSync(path.join(dir, '10.bin'), bytes.subarray(0, 100));
  const r = new StreamReader(dir, { decode: 'end', budget: 1_000_000 });
  assert.ok(r.poll() > 0, 'the file grew');
  appendFileSync(path.join(dir, '10.bin'), bytes.subarray(100));
  assert.ok(r.poll() > 0);
  assert.equal(r.poll(), 0, 'quiet');
  assert.equal(r.count, 0, 'nothing counted while far from the budget');
  assert.equal(r.bytes, bytes.length, 'the bytes on disk');
  assert.ok(Math.abs(r.approxCount - events.length) <= 2, `progress estimate ${r.approxCount} ~ ${events.length}`);
  assert.deepEqual(r.streams(10)[0], events);
  r.close();
}));

test('reader (end): near the budget a poll counts the records exactly, the new ones only, and notices an alive record', () => withDir((dir) => {
  const events = callbacks(50);
  appendFileSync(path.join(dir, '10.bin'), encodeWire(events));
  const far = new StreamReader(dir, { decode: 'end', budget: 1_000_000 });
  far.poll();
  assert.equal(far.count, 0, 'far from the budget: not counted');
  far.close();

  const near = new StreamReader(dir, { decode: 'end', budget: 60 });
  near.poll();
  assert.equal(near.count, events.length, 'counted: the budget of 60 may have been reached');
  assert.equal(near.sawAlive, false);
  appendFileSync(path.join(dir, '10.bin'), encodeWire([{ k: 'alive', t: 99, tid: 0, items: [] }]));
  assert.equal(near.poll(), 1, 'the one new record');
  assert.equal(near.count, events.length + 1);
  assert.equal(near.sawAlive, true);
  assert.equal(near.poll(), 0, 'quiet once counted');
  near.close();
}));

test('reader (end): a damaged file keeps the records before the damage and says one event was lost; other files are whole', () => withDir((dir) => {
  const good = encodeWire(callbacks(5));
  const bad = new Uint8Array(16);
  new DataView(bad.buffer).setInt32(0, 99, true); // a variable-length kind with a length of 5
  new DataView(bad.buffer).setInt32(4, 5, true);
  appendFileSync(path.join(dir, '10.bin'), good);
  appendFileSync(path.join(dir, '10.bin'), bad);
  appendFileSync(path.join(dir, '11.bin'), encodeWire(callbacks(3, 0)));
  const r = new StreamReader(dir, { decode: 'end', budget: 1_000_000 });
  r.poll();
  const [first, second] = r.streams(10);
  assert.deepEqual(first.slice(0, -1), callbacks(5));
  assert.equal(first[first.length - 1].k, 'dropped');
  assert.deepEqual(second, callbacks(3, 0));
  r.close();
}));
