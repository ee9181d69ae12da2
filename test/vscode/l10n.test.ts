/**
 * Every user-facing string exists in English and Korean: the contributed strings (package.json
 * `%key%` → package.nls.json / package.nls.ko.json, the walkthrough included), the walkthrough's
 * markdown pages (media/walkthrough/<lang>/) and every `vscode.l10n.t('...')` in the extension
 * (→ l10n/bundle.l10n.ko.json), with no stale keys left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(path.join(root, p), 'utf8'));

/** The first argument of every vscode.l10n.t call with a literal string (single quotes). */
function l10nStrings(): Set<string> {
  const dir = path.join(root, 'src', 'extension');
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) out.add(m[1].replace(/\\(.)/g, '$1'));
    // A call whose first argument is not a plain literal cannot be translated: fail loudly.
    for (const m of text.matchAll(/l10n\.t\(\s*([^'\s])/g)) assert.fail(`${f}: vscode.l10n.t must take a string literal, found "${m[1]}…"`);
  }
  return out;
}

test('package.json %keys% exist in English and Korean, and nothing else', () => {
  const pkg = readFileSync(path.join(root, 'package.json'), 'utf8');
  const used = new Set([...pkg.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]));
  const en = json('package.nls.json');
  const ko = json('package.nls.ko.json');
  for (const k of used) {
    assert.ok(typeof en[k] === 'string' && en[k], `package.nls.json lacks ${k}`);
    assert.ok(typeof ko[k] === 'string' && ko[k], `package.nls.ko.json lacks ${k}`);
  }
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort(), 'the English and Korean nls files have the same keys');
  for (const k of Object.keys(en)) assert.ok(used.has(k), `package.nls.json has unused key ${k}`);
});

test('every vscode.l10n.t string has a Korean translation, and no translation is stale', () => {
  const strings = l10nStrings();
  assert.ok(strings.size > 20, `found ${strings.size} strings`);
  const ko = json('l10n/bundle.l10n.ko.json') as Record<string, string>;
  for (const s of strings) assert.ok(typeof ko[s] === 'string' && ko[s].length > 0, `l10n/bundle.l10n.ko.json lacks: ${s}`);
  for (const k of Object.keys(ko)) assert.ok(strings.has(k), `l10n/bundle.l10n.ko.json has a stale key: ${k}`);
  // Placeholders survive translation.
  for (const s of strings) {
    const ph = (t: string) => [...t.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();
    assert.equal(ph(ko[s]), ph(s), `placeholders differ for: ${s}`);
  }
});

const hangul = /[\uac00-\ud7a3]/;

test('every Korean contributed string is Korean, and walkthrough pages are per language', () => {
  const en = json('package.nls.json') as Record<string, string>;
  const ko = json('package.nls.ko.json') as Record<string, string>;
  for (const k of Object.keys(en)) {
    if (k.endsWith('.media')) {
      // A walkthrough page: the same name under media/walkthrough/en and media/walkthrough/ko.
      assert.match(en[k], /^media\/walkthrough\/en\/[\w-]+\.md$/, k);
      assert.equal(ko[k], en[k].replace('/en/', '/ko/'), `${k}: the Korean page is the English one's twin`);
      for (const p of [en[k], ko[k]]) assert.ok(existsSync(path.join(root, p)), `${k}: ${p} exists`);
      assert.ok(hangul.test(readFileSync(path.join(root, ko[k]), 'utf8')), `${ko[k]} is in Korean`);
    } else {
      assert.ok(hangul.test(ko[k]), `package.nls.ko.json ${k} is not translated: ${ko[k]}`);
    }
  }
  const pages = (lang: string) => readdirSync(path.join(root, 'media', 'walkthrough', lang)).sort();
  assert.deepEqual(pages('ko'), pages('en'), 'the same walkthrough pages in English and Korean');
  const used = new Set(Object.values(en).filter((v) => v.startsWith('media/walkthrough/')));
  for (const f of pages('en')) assert.ok(used.has(`media/walkthrough/en/${f}`), `media/walkthrough/en/${f} is used by a step`);
});
