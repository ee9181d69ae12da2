/** Run-file recognition and user-file naming (src/core/locations.ts) against Node's own file URLs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { fileUrl, isRunFile, nameUserFile, pathOfFileUrl } from '../../src/core/locations';

const PATHS = ['/tmp/async-viz-Ab12/user.mjs', '/a b/c#d?e%f.mjs', '/x/[y]^|{z}`~.js', '/유저/파일.ts', '/t/a"<>.cjs', "/t/!$&'()*+,;=:@.js"];

test('isRunFile: the run file as a path or as the file:// URL Node writes, nothing else', () => {
  for (const p of PATHS) {
    assert.ok(isRunFile(p, p), p);
    assert.ok(isRunFile(pathToFileURL(p).href, p), pathToFileURL(p).href);
    assert.ok(isRunFile(fileUrl(p), p), fileUrl(p));
    assert.equal(pathOfFileUrl(fileUrl(p)), p);
    assert.ok(!isRunFile(`${p}x`, p) && !isRunFile(pathToFileURL(`${p}x`).href, p));
  }
  assert.ok(isRunFile('file:///C:/Users/a/run.mjs', 'C:\\Users\\a\\run.mjs'));
  assert.equal(fileUrl('C:\\Users\\a b\\run.mjs'), 'file:///C:/Users/a%20b/run.mjs');
  assert.ok(!isRunFile('/w/run.mjs', undefined));
  assert.equal(pathOfFileUrl('file:///bad%E0%A4%A'), undefined);
});

test('nameUserFile: paths and URLs of the run file (with :line:col) become the user\'s file; others stay', () => {
  const run = '/tmp/av x/user.mjs';
  const url = pathToFileURL(run).href;
  const text = `Error: boom at ${url}:3:5\n    at f (${run}:3:5)\n    at g (file:///other.mjs:1:1)\nimported from ${url}`;
  assert.equal(nameUserFile(text, run, '/w/user.ts'), 'Error: boom at file:///w/user.ts:3:5\n    at f (/w/user.ts:3:5)\n    at g (file:///other.mjs:1:1)\nimported from file:///w/user.ts');
  assert.equal(nameUserFile(text, undefined, '/w/user.ts'), text);
});
