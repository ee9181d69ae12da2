/** docs/avtrace-format.md describes the format the code writes: its magic, version, section kinds, header fields and span columns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AVTRACE_MAGIC, AVTRACE_VERSION, FILE_HEADER_BYTES, SECTION, SECTION_FRAME_BYTES, SPANS_PER_SECTION, ITEMS_PER_SECTION } from '../../src/core/avtrace/format';
import { COLUMN_NAMES, COLUMNS_VERSION } from '../../src/core/columns/format';
import { SPAN_KINDS } from '../../src/core/span-kinds';

const root = path.join(__dirname, '..', '..');
const doc = readFileSync(path.join(root, 'docs', 'avtrace-format.md'), 'utf8');
const src = readFileSync(path.join(root, 'src', 'core', 'avtrace', 'format.ts'), 'utf8');

test('the doc gives the magic, the version and the frame the code writes', () => {
  const hex = AVTRACE_MAGIC.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  assert.ok(doc.includes(`\`${hex}\``), `magic ${hex}`);
  assert.ok(doc.includes(`\`AVTRACE_VERSION\` = **${AVTRACE_VERSION}**`));
  assert.ok(doc.includes(`file header   ${FILE_HEADER_BYTES} bytes`));
  assert.ok(doc.includes(`| ${SECTION_FRAME_BYTES} | hsize | header |`));
  assert.ok(doc.includes(SPANS_PER_SECTION.toLocaleString('en-US')) && doc.includes(ITEMS_PER_SECTION.toLocaleString('en-US')), 'chunk sizes');
});

test('every section kind, header field and span column is in the doc', () => {
  const missing: string[] = [];
  for (const kind of Object.values(SECTION)) if (!doc.includes(`### \`${kind}\``)) missing.push(`section ${kind}`);
  for (const block of src.split(/^export interface /m).slice(1)) {
    const name = block.slice(0, block.search(/[\s<{]/));
    if (!name.endsWith('Header')) continue;
    const body = block.slice(block.indexOf('{') + 1, block.indexOf('\n}'));
    for (const m of body.matchAll(/^ {2}(\w+)\??:/gm)) if (!doc.includes(`\`${m[1]}\``)) missing.push(`${name}.${m[1]}`);
  }
  for (const c of COLUMN_NAMES) if (!new RegExp(`^\\| \`${c}\`[ |,]|, \`${c}\`[ |,]`, 'm').test(doc)) missing.push(`column ${c}`);
  SPAN_KINDS.forEach((k, code) => { if (!doc.includes(`\`${k}\` ${code}`)) missing.push(`kind code ${k} ${code}`); });
  if (!doc.includes(`| \`v\` | \`${COLUMNS_VERSION}\` |`)) missing.push('COLUMNS_VERSION');
  assert.deepEqual(missing, []);
});
