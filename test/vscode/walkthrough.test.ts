/**
 * The walkthrough "Learn async with Async Viz" (package.json contributes.walkthroughs) follows the
 * lessons' catalogue (examples/lessons.json): one step per lesson, in order, titled like the
 * lesson in English and Korean; each step's first button opens that lesson (its id as the
 * argument of asyncViz.openExample), its last one the lesson's Python twin, the others open files
 * that exist; each step's page shows the lesson's "what to notice" text and its bridge from
 * Python in its language. After the lessons, the page "From Python to Node" lists every mapping
 * and where the two differ, in both languages. When lessons.json changes, update the
 * walkthrough's strings (package.nls*.json) and pages (media/walkthrough/<lang>/) to match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(path.join(root, p), 'utf8'));

interface Lesson {
  id: number;
  slug: string;
  title: Record<string, string>;
  file: string;
  compare?: string[];
  notice: Record<string, string>;
  python: { file: string; mapping: Record<string, string> };
}
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
}

const lessons = (json('examples/lessons.json') as { lessons: Lesson[] }).lessons;
const pkg = json('package.json');
const nls: Record<string, Record<string, string>> = { en: json('package.nls.json'), ko: json('package.nls.ko.json') };
const text = (lang: string, v: string) => (/^%.+%$/.test(v) ? nls[lang][v.slice(1, -1)] : v);
const allSteps = (): Step[] => (pkg.contributes.walkthroughs[0] as { steps: Step[] }).steps;
/** The lesson steps: every step but the last, "From Python to Node". */
const lessonSteps = (): Step[] => allSteps().slice(0, -1);
const PYTHON_STEP = 'fromPython';

/** The command links of a step description: [label, command, args]. */
function links(description: string): [string, string, unknown[]][] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => [m[1], m[2], m[3] ? JSON.parse(decodeURIComponent(m[3])) : []]);
}

test('the walkthrough has one step per lesson, in order, titled like the lesson in English and Korean, then "From Python to Node"', () => {
  const walkthroughs = pkg.contributes.walkthroughs as { id: string; title: string; steps: Step[] }[];
  assert.equal(walkthroughs.length, 1);
  const w = walkthroughs[0];
  assert.equal(w.id, 'learnAsync');
  assert.equal(text('en', w.title), 'Learn async with Async Viz');
  assert.equal(w.steps.length, lessons.length + 1);
  assert.equal(lessons.length, 11);
  const last = w.steps.at(-1)!;
  assert.equal(last.id, PYTHON_STEP);
  assert.equal(text('en', last.title), 'From Python to Node');
  assert.equal(text('ko', last.title), '파이썬에서 Node로');
  lessonSteps().forEach((step, i) => {
    const l = lessons[i];
    for (const lang of ['en', 'ko']) assert.equal(text(lang, step.title), `${l.id}. ${l.title[lang]}`, `step ${i + 1} title (${lang})`);
  });
});

test('each step\'s first button opens its lesson, its last one the lesson\'s Python twin; every other button opens an example that exists', () => {
  const steps = lessonSteps();
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  steps.forEach((step, i) => {
    for (const lang of ['en', 'ko']) {
      const found = links(text(lang, step.description));
      assert.ok(found.length >= 1, `step ${step.id} (${lang}) has a button`);
      // A link alone on its line renders as a button.
      for (const [label] of found) assert.match(text(lang, step.description), new RegExp(`(^|\\n)\\[${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]\\([^)]*\\)($|\\n)`), `"${label}" is on its own line`);
      const [, command, args] = found[0];
      assert.equal(command, 'asyncViz.openExample');
      assert.deepEqual(args, [lessons[i].id], `step ${step.id} (${lang}) opens lesson ${lessons[i].id}`);
      for (const [label, cmd, a] of found.slice(1)) {
        assert.ok(commands.has(cmd), `${label}: ${cmd} is contributed`);
        assert.ok(typeof a[0] === 'string' && existsSync(path.join(root, 'examples', a[0] as string)), `${label}: examples/${a[0]} exists`);
      }
      const twin = found.at(-1)!;
      assert.ok(found.length >= 2, `step ${step.id} (${lang}) has a Python button`);
      assert.deepEqual([twin[1], twin[2]], ['asyncViz.openExample', [lessons[i].python.file]], `step ${step.id} (${lang}): the last button opens ${lessons[i].python.file}`);
    }
  });
});

test('each step\'s page shows the lesson\'s "what to notice" text and its bridge from Python in its language', () => {
  const steps = lessonSteps();
  steps.forEach((step, i) => {
    assert.ok(step.media.markdown, `step ${step.id} has a markdown page`);
    for (const lang of ['en', 'ko']) {
      const page = text(lang, step.media.markdown!);
      assert.ok(page.includes(`/${lang}/`), `${page} is the ${lang} page`);
      const md = readFileSync(path.join(root, page), 'utf8');
      assert.ok(md.includes(lessons[i].notice[lang]), `${page} shows lesson ${lessons[i].id}'s notice (${lang}); update it from examples/lessons.json`);
      for (const f of lessons[i].compare ?? [lessons[i].file]) assert.ok(md.includes(f), `${page} names ${f}`);
      assert.ok(md.includes(lessons[i].python.file), `${page} names the Python twin ${lessons[i].python.file}`);
      assert.ok(md.includes(lessons[i].python.mapping[lang]), `${page} shows lesson ${lessons[i].id}'s mapping from Python (${lang}); update it from examples/lessons.json`);
    }
  });
});

test('"From Python to Node": one page per language listing every mapping and where the two differ', () => {
  const step = allSteps().at(-1)!;
  assert.equal(step.id, PYTHON_STEP);
  const pages = ['en', 'ko'].map((lang) => text(lang, step.media.markdown!));
  assert.deepEqual(pages, ['media/walkthrough/en/from-python.md', 'media/walkthrough/ko/from-python.md']);
  // Python on the left, its Node twin on the right, both named in each language's page.
  const mapped = [
    'time.sleep', 'Atomics.wait', 'await asyncio.sleep', 'await sleep', 'asyncio.run', 'asyncio.gather', 'Promise.all',
    'call_soon', 'process.nextTick', 'setImmediate', 'threading.Thread', 'worker_threads', 'multiprocessing.Process', 'child_process.fork',
    '@shared_task', 'task.delay(...)', 'celery -A proj worker', 'async def view(request)', 'http.createServer(async',
    'AsyncWebsocketConsumer', 'group_send()', 'Redis pub/sub', 'sync_to_async', 'fs.promises',
  ];
  const differs = { en: ['## Where they differ', 'GIL', 'isolate', 'asyncio.run(main())', 'already under way', 'readFileSync'], ko: ['## 다른 점', 'GIL', 'isolate', 'asyncio.run(main())', '이미 진행 중인 프로미스', 'readFileSync'] };
  for (const [i, lang] of (['en', 'ko'] as const).entries()) {
    const md = readFileSync(path.join(root, pages[i]), 'utf8');
    for (const term of [...mapped, ...differs[lang]]) assert.ok(md.includes(term), `${pages[i]} names ${term}`);
    // One item per idea, each naming the lesson(s) it comes from: "- **Lesson 6** · Python ↔ Node".
    const items = md.split('\n').map((l) => /^- \*\*(?:Lessons?|레슨) ([\d, ]+)\*\* · .+ ↔ .+/.exec(l)?.[1]).filter((x) => x !== undefined);
    assert.deepEqual([...new Set(items.flatMap((x) => x.split(', ').map(Number)))].sort((a, b) => a - b), lessons.map((l) => l.id), `${pages[i]}: every lesson has its mapping`);
  }
});
