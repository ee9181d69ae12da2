/** Wire codec: every event kind round-trips; partial records wait for the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWire, encodeWire, SYNTHETIC_ID_BASE } from '../../src/core/wire-codec';
import type { WireEvent } from '../../src/core/wire';
import { scanWire } from '../../src/core/wire-scan';

const t = 1_795_000_000_000.125;
const all: WireEvent[] = [
  { k: 'hello', t, tid: 0, pid: 123, ppid: 45, nodeVersion: 'v20.20.2', argv: ['/usr/bin/node', '/a b/c.js', 'ü✓'] },
  { k: 'thread', t, tid: 3, parentTid: 1, label: 'file:///x/w.js' },
  { k: 'thread', t, tid: 4, parentTid: 0, label: '[eval]', name: 'resizer' },
  { k: 'init', t, tid: 0, id: 7, type: 'Timeout', trigger: 1, exec: 1 },
  { k: 'init', t, tid: 2, id: SYNTHETIC_ID_BASE + 5, type: 'PROMISE', trigger: 9, exec: 9 },
  { k: 'init', t, tid: 0, id: 8, type: 'MyCustomResource', trigger: 7, exec: 0 },
  { k: 'before', t, tid: 0, id: 7 },
  { k: 'after', t, tid: 0, id: 7 },
  { k: 'scriptStart', t, tid: 0 },
  { k: 'scriptEnd', t, tid: 0 },
  { k: 'callStart', t, tid: 0, call: 1, fn: 4, parent: -1 },
  { k: 'callEnd', t, tid: 0, call: 1, threw: true },
  { k: 'callEnd', t, tid: 0, call: 2, threw: false },
  { k: 'suspend', t, tid: 0, call: 1, site: 3 },
  { k: 'resume', t, tid: 0, call: 1, site: 3 },
  { k: 'console', t, tid: 0, stream: 1, text: 'héllo 🌍\n' },
  { k: 'console', t, tid: 1, stream: 2, text: 'cut here', cut: 12345 },
  { k: 'emit', t, tid: 0, name: 'data', cls: 'Socket', listeners: 2 },
  { k: 'error', t, tid: 0, kind: 'uncaught', message: 'boom', stack: 'Error: boom\n    at x (/a.js:1:2)' },
  { k: 'error', t, tid: 0, kind: 'unhandledRejection', message: 'no', stack: '' },
  { k: 'exitCall', t, tid: 0, code: 3 },
  { k: 'exitCall', t, tid: 0, code: 1, cause: 'asyncHookError' },
  { k: 'exit', t, tid: 0, code: -1 },
  { k: 'spawn', t, tid: 0, childPid: 999, command: 'sleep 1' },
  { k: 'stall', t, tid: 0, since: t - 1000, stack: 'file:///a.js:5:3\nnode:internal/timers:581:17' },
  { k: 'dropped', t, tid: 0, count: 17 },
  { k: 'cpu', t, tid: 0, id: 7, cpuMs: 199.5, where: 'file:///a.js:4:25' },
  { k: 'alive', t, tid: 0, items: [{ kind: 'interval', id: 5, detail: '50' }, { kind: 'server', id: 9, detail: '127.0.0.1:3000' }, { kind: 'other', id: 0, detail: '' }] },
];

test('codec: every event kind round-trips exactly', () => {
  const kinds = new Set(all.map((e) => e.k));
  assert.equal(kinds.size, 21, 'the sample covers every kind of WireEvent');
  const bytes = encodeWire(all);
  const { events, consumed } = decodeWire(bytes);
  assert.equal(consumed, bytes.length);
  assert.deepEqual(events, all);
});

test('codec: the frequent records are fixed and 8-aligned (before/after and await marks 24 bytes, init 32), every record a multiple of 8', () => {
  assert.equal(encodeWire([all.find((e) => e.k === 'before')!]).length, 24);
  assert.equal(encodeWire([all.find((e) => e.k === 'suspend')!]).length, 24);
  assert.equal(encodeWire([all.find((e) => e.k === 'init' && e.type === 'Timeout')!]).length, 32);
  for (const e of all) assert.equal(encodeWire([e]).length % 8, 0, e.k);
});

test('codec: a partial trailing record is left unconsumed, at every cut point', () => {
  const bytes = encodeWire(all);
  const whole = all.map((e) => encodeWire([e]).length);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const { events, consumed } = decodeWire(bytes.subarray(0, cut));
    let n = 0;
    let end = 0;
    while (n < whole.length && end + whole[n] <= cut) end += whole[n++];
    assert.equal(consumed, end, `cut at ${cut}`);
    assert.deepEqual(events, all.slice(0, n));
    const rest = decodeWire(bytes.subarray(consumed));
    assert.deepEqual(rest.events, all.slice(n), `resume after cut at ${cut}`);
  }
});

test('codec: decoding works on a view with a byte offset', () => {
  const bytes = encodeWire(all);
  const padded = new Uint8Array(bytes.length + 7);
  padded.set(bytes, 7);
  assert.deepEqual(decodeWire(padded.subarray(7)).events, all);
});

test('codec: an unknown kind or a bad length throws (corrupt stream)', () => {
  assert.throws(() => decodeWire(new Uint8Array([99, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), /unknown record kind 99/);
  assert.throws(() => decodeWire(new Uint8Array([99, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0])), /bad record length 5/);
});

test('scan: the record count without decoding is the decoder\'s, with the same bytes consumed, at every cut point; it sees an alive record', () => {
  const bytes = encodeWire(all);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const part = bytes.subarray(0, cut);
    const d = decodeWire(part);
    const s = scanWire(part);
    assert.equal(s.count, d.events.length, `count at ${cut}`);
    assert.equal(s.consumed, d.consumed, `consumed at ${cut}`);
    assert.equal(s.alive, d.events.some((e) => e.k === 'alive'), `alive at ${cut}`);
  }
});
