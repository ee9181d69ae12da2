/**
 * The walkthrough "Learn async with Async Viz" (package.json contributes.walkthroughs) follows the
 * lessons' catalogue (examples/lessons.json): one step per lesson, in order, titled like the
 * lesson in English and Korean; each step's first button opens that lesson (its id as the
 * argument of asyncViz.openExample), the others open files that exist; each step's page shows the
 * lesson's "what to notice" text in its language. When lessons.json changes, update the
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

/** The command links of a step description: [label, command, args]. */
function links(description: string): [string, string, unknown[]][] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => [m[1], m[2], m[3] ? JSON.parse(decodeURIComponent(m[3])) : []]);
}

test('the walkthrough has one step per lesson, in order, titled like the lesson in English and Korean', () => {
  const walkthroughs = pkg.contributes.walkthroughs as { id: string; title: string; steps: Step[] }[];
  assert.equal(walkthroughs.length, 1);
  const w = walkthroughs[0];
  assert.equal(w.id, 'learnAsync');
  assert.equal(text('en', w.title), 'Learn async with Async Viz');
  assert.equal(w.steps.length, lessons.length);
  assert.equal(lessons.length, 11);
  w.steps.forEach((step, i) => {
    const l = lessons[i];
    for (const lang of ['en', 'ko']) assert.equal(text(lang, step.title), `${l.id}. ${l.title[lang]}`, `step ${i + 1} title (${lang})`);
  });
});

test('each step\'s first button opens its lesson; every other button opens an example that exists', () => {
  const steps = (pkg.contributes.walkthroughs[0] as { steps: Step[] }).steps;
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
    }
  });
});

test('each step\'s page shows the lesson\'s "what to notice" text in its language', () => {
  const steps = (pkg.contributes.walkthroughs[0] as { steps: Step[] }).steps;
  steps.forEach((step, i) => {
    assert.ok(step.media.markdown, `step ${step.id} has a markdown page`);
    for (const lang of ['en', 'ko']) {
      const page = text(lang, step.media.markdown!);
      assert.ok(page.includes(`/${lang}/`), `${page} is the ${lang} page`);
      const md = readFileSync(path.join(root, page), 'utf8');
      assert.ok(md.includes(lessons[i].notice[lang]), `${page} shows lesson ${lessons[i].id}'s notice (${lang}); update it from examples/lessons.json`);
      for (const f of lessons[i].compare ?? [lessons[i].file]) assert.ok(md.includes(f), `${page} names ${f}`);
    }
  });
});
