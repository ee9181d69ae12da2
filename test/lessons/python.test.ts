/**
 * The bridge from Python: every lesson names its Python twin (examples/lessons.json `python`) and
 * a one-line mapping in English and Korean, and the twins are real Python. Each twin parses; the
 * ones that need only the standard library run with python3 and print what their comments say;
 * the others (Celery, Django, Channels) say how to install what they need. Needs python3 (3.10 or
 * later): fails under CI=true without it, skips loudly elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from '../engine/helpers';
import { pythonBridge, readLessons } from '../../src/run/lessons';

const examples = path.join(root, 'examples');
const lessons = readLessons(examples);
const PYTHON = process.env.PYTHON ?? 'python3';

/** Why python3 cannot be used here, or undefined when it can. */
function pythonMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import sys; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `${PYTHON} is not available (${r.error?.message ?? r.stderr.trim()})`;
  return r.stdout.trim() === 'True' ? undefined : `${PYTHON} is older than 3.10`;
}
const missing = pythonMissing();
if (missing) {
  if (process.env.CI === 'true') throw new Error(`the Python twins need ${missing}`);
  console.error(`\n${'!'.repeat(72)}\n!! SKIPPED running the lessons' Python twins: ${missing}\n${'!'.repeat(72)}\n`);
}

/** Parses a twin with Python's own parser; prints the top-level modules it imports that are not in the standard library, then its docstring. */
const INSPECT = `
import ast, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
print(" ".join(sorted(names - set(sys.stdlib_module_names))))
print(ast.get_docstring(tree))
`;

function python(file: string, args: string[], timeout = 30_000) {
  return spawnSync(PYTHON, args, { cwd: path.dirname(file), encoding: 'utf8', timeout, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONASYNCIODEBUG: '', PYTHONWARNINGS: '' } });
}

test('every lesson has a Python twin in its folder and a one-line mapping in English and Korean', () => {
  assert.equal(lessons.length, 11);
  for (const l of lessons) {
    assert.ok(l.python, `lesson ${l.id} has a python entry`);
    const { file, mapping } = l.python;
    assert.match(file, new RegExp(`^${l.slug}/[a-z_]+\\.py$`), `lesson ${l.id}'s twin is a .py file in its folder`);
    assert.ok(existsSync(path.join(examples, file)), `${file} exists`);
    for (const lang of ['en', 'ko']) {
      assert.ok(mapping[lang]?.includes('↔'), `lesson ${l.id} mapping (${lang}) maps with ↔: ${mapping[lang]}`);
      assert.ok(!/\n/.test(mapping[lang]), `lesson ${l.id} mapping (${lang}) is one line`);
    }
    assert.match(mapping.ko, /[가-힣]/, `lesson ${l.id} mapping is in Korean`);
    // What the view and the CLI show: the twin's name, then the mapping in that language.
    assert.equal(pythonBridge(l, 'ko'), `${path.basename(file)} — ${mapping.ko}`);
    assert.equal(pythonBridge(l, 'fr'), `${path.basename(file)} — ${mapping.en}`, 'English when the language has none');
  }
  const twins = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? twins(path.join(dir, f)) : f.endsWith('.py') ? [path.relative(examples, path.join(dir, f)).split(path.sep).join('/')] : []));
  assert.deepEqual(twins(examples).sort(), lessons.map((l) => l.python!.file).sort(), 'every .py under examples/ is a lesson\'s twin');
});

test('the mappings name what the learners knew from Python and its Node twin', () => {
  const en = (id: number) => lessons.find((l) => l.id === id)!.python!.mapping.en;
  const pairs: [number, RegExp, RegExp][] = [
    [1, /time\.sleep/, /sleepSync/],
    [2, /await asyncio\.sleep/, /await sleep/],
    [3, /asyncio\.gather/, /Promise\.all/],
    [6, /threading\.Thread/, /worker_threads/],
    [7, /multiprocessing\.Process/, /child_process\.fork/],
    [8, /Celery @shared_task \+ task\.delay.*Redis broker/, /job queue with workers/],
    [9, /Django async view/, /async node:http request handler/],
    [10, /Channels AsyncWebsocketConsumer.*Redis channel layer/, /WebSocket server.*several servers share messages/],
  ];
  for (const [id, py, node] of pairs) {
    assert.match(en(id), py, `lesson ${id}: the Python side`);
    assert.match(en(id), node, `lesson ${id}: the Node side`);
  }
});

test('every Python twin parses; those outside the standard library say how to install what they need', { skip: missing }, () => {
  const thirdParty: number[] = [];
  for (const l of lessons) {
    const file = path.join(examples, l.python!.file);
    const r = python(file, ['-c', INSPECT, file]);
    assert.equal(r.status, 0, `${l.python!.file} parses: ${r.stderr}`);
    const [needs, ...doc] = r.stdout.split('\n');
    const docstring = doc.join('\n');
    if (needs.trim()) {
      thirdParty.push(l.id);
      assert.match(docstring, /pip install [\s\S]*(Run it|Start a worker)/, `${l.python!.file} (needs ${needs}) says how to install and run it`);
    } else {
      assert.match(docstring, /Run it: python3 \S+\.py +\(standard library only/, `${l.python!.file} says how to run it`);
    }
  }
  assert.deepEqual(thirdParty, [8, 9, 10], 'only Celery, Django and Channels need packages');
});

/** Runs a standard-library twin to its end: its stdout and stderr. */
function runTwin(id: number): { out: string[]; err: string } {
  const rel = lessons.find((l) => l.id === id)!.python!.file;
  const file = path.join(examples, rel);
  const r = python(file, [path.basename(file)]);
  assert.equal(r.status, 0, `${rel} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return { out: r.stdout.split('\n').filter(Boolean), err: r.stderr };
}

test('the standard-library twins run and show what their lesson shows', { skip: missing }, () => {
  // 1: the callback due at once waits for the three time.sleep calls; with await asyncio.sleep it runs first.
  const one = runTwin(1).out;
  const cut = one.findIndex((l) => l.startsWith('blocking:'));
  assert.equal(one[cut - 1], 'callback: I was due after 0 s, but I had to wait', one.join('\n'));
  assert.equal(one[cut + 1], 'callback: I ran right away', one.join('\n'));
  // 2: the ticker prints while the gathered waits overlap.
  const two = runTwin(2).out;
  assert.ok(two.indexOf('tick: the event loop is free') < two.indexOf('done users'), two.join('\n'));
  // 3: a coroutine made early only starts when awaited: its 200 ms come after the await.
  const took = Number(/still took (\d+) ms/.exec(runTwin(3).out.at(-1) ?? '')?.[1]);
  assert.ok(took >= 190, `fetch_user(4) took ${took} ms after its await`);
  // 4: asyncio's one FIFO queue, in the order the file's last comment gives.
  assert.deepEqual(runTwin(4).out, ['script start', 'script end', 'task', 'call_soon', 'call_later', 'call_soon inside call_later', 'task inside call_later', 'call_later inside call_later']);
  // 5: the three crunches one after another, the ticker starved until they are done.
  const five = runTwin(5).out;
  assert.deepEqual(five.slice(0, 3), ['A: 9592 primes', 'B: 9592 primes', 'C: 9592 primes'], five.join('\n'));
  // 6 and 7: threads and processes do the same work and say so.
  const six = runTwin(6).out;
  assert.equal(six.filter((l) => /^(one after another|two threads \(the GIL takes turns\)): A 13848, B 13848 in \d+ ms$/.test(l)).length, 2, six.join('\n'));
  const seven = runTwin(7).out;
  assert.equal(seven.filter((l) => /^[AB] \(pid \d+\): 13848$/.test(l)).length, 2, seven.join('\n'));
  assert.match(seven.at(-1)!, /^both processes done in \d+ ms$/);
  // 11: the forgotten coroutine never runs (Python warns), a failed task is only logged, the program goes on.
  const eleven = runTwin(11);
  assert.ok(!eleven.out.includes('stored profile'), 'the forgotten save() never ran');
  assert.match(eleven.err, /coroutine 'save' was never awaited/);
  assert.match(eleven.err, /Task exception was never retrieved/);
  assert.ok(eleven.out.includes('this line runs in Python; in Node it would not'));
  const blocked = Number(/^two requests took (\d+) ms: one after the other$/.exec(eleven.out.at(-1)!)?.[1]);
  assert.ok(blocked >= 390, `two 200 ms sync calls in async code took ${blocked} ms together`);
});
