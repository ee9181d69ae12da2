/**
 * Lesson 8 in the view, on a real recording in headless Chromium: the job queue's jobs are bars
 * per job, queued → running → done, placed on the run's time axis, one job running at a time.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean } from './browser';
import { record, root } from '../engine/helpers';

const missing = chromiumMissing();
let browser: Browser;

describe('lesson 8 job bars in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('three jobs, each queued then running then done, one after another', async () => {
    const { trace } = await record(path.join(root, 'examples', '08-background-jobs', 'jobs.ts'), { timeoutMs: 20_000 });
    for (const locale of ['en', 'ko'] as const) {
      const { page, problems } = await openPage(browser, writeHtml(`jobs-${locale}`, { trace, locale }));
      assert.equal(await page.locator('.jobs h2').textContent(), locale === 'en' ? 'Jobs: queued → running → done' : '작업: 대기(queued) → 실행(running) → 완료(done)');
      const rows = await page.locator('.job-row').evaluateAll((els) => els.map((r) => ({
        name: r.querySelector('.job-name')?.textContent ?? '',
        segs: [...r.querySelectorAll<HTMLElement>('.job-seg')].map((s) => ({ state: s.dataset.state, box: s.getBoundingClientRect(), title: s.title })),
      })));
      assert.deepEqual(rows.map((r) => r.name), locale === 'en' ? ['job 1', 'job 2', 'job 3'] : ['작업 1', '작업 2', '작업 3']);
      for (const r of rows) {
        assert.deepEqual(r.segs.map((s) => s.state), ['queued', 'running', 'done'], r.name);
        const [q, run, done] = r.segs.map((s) => s.box);
        assert.ok(q.width > 0 && run.width > 0, `${r.name}: queued and running are bars`);
        assert.ok(Math.abs(q.right - run.left) < 1.5 && Math.abs(run.right - done.left - 1) < 2.5, `${r.name}: the states follow each other: ${JSON.stringify([q, run, done])}`);
      }
      for (let i = 1; i < 3; i++) assert.ok(rows[i].segs[1].box.left >= rows[i - 1].segs[1].box.right - 1, 'job i runs after job i-1');
      if (locale === 'ko') assert.match(rows[0].segs[1].title, /^실행 중: .+부터 .+까지$/);
      await page.screenshot({ path: path.join(artifacts, `jobs-${locale}.png`), fullPage: true });
      clean(problems);
      await page.context().close();
    }
  });
});
