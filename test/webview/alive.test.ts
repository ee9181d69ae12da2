/**
 * "Why is it still running?" in the view, on a real recording in headless Chromium: a server left
 * listening until the time-out is named as the reason in the header (the line of its listen call
 * and its address), in English in the exit sentence and on a line of its own in Korean.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean } from './browser';
import { record, fixture, lineOf } from '../engine/helpers';

const missing = chromiumMissing();
let browser: Browser;

describe('why is it still running, in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('a never-ending server is named as the reason, with its listening line', async () => {
    const file = fixture('engine', 'alive', 'server.cjs');
    const { trace } = await record(file, { timeoutMs: 1500 });
    const server = trace.meta.alive?.find((a) => a.kind === 'server');
    assert.ok(server, JSON.stringify(trace.meta.alive));
    const port = /:(\d+)$/.exec(server.detail ?? '')?.[1];
    assert.ok(port, server.detail);
    assert.equal(server.line, lineOf(file, 'the listen'), 'the line of server.listen');
    const at = ` at line ${server.line}`;

    const en = await openPage(browser, writeHtml('alive-server-en', { trace, locale: 'en' }));
    const warnings = await en.page.locator('header .warn').allTextContents();
    const reason = warnings.find((w) => w.includes('still running because of'));
    assert.ok(reason, `the header names the reason: ${warnings.join(' | ')}`);
    assert.ok(reason.includes(`the server listening${at} (127.0.0.1:${port})`), reason);
    assert.ok(reason.startsWith('The run did not end normally: Timed out after 1.5 s'), reason);
    assert.equal(await en.page.locator('header .warn.alive').count(), 0, 'said once: the exit sentence has it');
    await en.page.screenshot({ path: path.join(artifacts, 'alive-server-en.png') });
    clean(en.problems);
    await en.page.context().close();

    const ko = await openPage(browser, writeHtml('alive-server-ko', { trace, locale: 'ko' }));
    const line = await ko.page.locator('header .warn.alive').textContent();
    const atKo = `${server.line}번째 줄의 `;
    assert.equal(line, `아직 실행 중인 이유: ${atKo}연결을 기다리는 서버 (127.0.0.1:${port})`);
    clean(ko.problems);
    await ko.page.context().close();
  });
});
