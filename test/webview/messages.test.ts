/**
 * Lesson 10 in the view, on real recordings in headless Chromium: the messages client → server and
 * server → client are two rows with marks of their own shape and colour, a legend, and tooltips
 * that say which way, which message and when; in the compare view polling's requests and
 * responses stand against the WebSocket's messages, on one time axis.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean } from './browser';
import { record, root } from '../engine/helpers';
import type { Trace } from '../../src/core/trace';

const missing = chromiumMissing();
let browser: Browser;
let ws: Trace, polling: Trace;
const lesson = (f: string) => path.join(root, 'examples', '10-websockets', f);

/** Each row's direction, name, and its marks: box, kind, tooltip, and the head's colour and shape. */
const rowsOf = (page: Page, block = '.msg-trace') => page.locator(`${block} .msg-row`).evaluateAll((rows) => rows.map((r) => ({
  dir: (r as HTMLElement).dataset.dir,
  name: r.querySelector('.msg-name')?.textContent ?? '',
  box: r.getBoundingClientRect().toJSON() as DOMRect,
  track: r.querySelector('.msg-track')!.getBoundingClientRect().toJSON() as DOMRect,
  marks: [...r.querySelectorAll<HTMLElement>('.msg')].map((m) => {
    const head = m.querySelector('.msg-head');
    const cs = head ? getComputedStyle(head) : undefined;
    return { kind: m.dataset.kind, title: m.title, box: m.getBoundingClientRect().toJSON() as DOMRect, colour: cs?.backgroundColor, shape: cs?.clipPath, line: !!m.querySelector('.msg-line') };
  }),
})));

describe('lesson 10 message directions in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
    ws = (await record(lesson('websocket.ts'), { timeoutMs: 20_000 })).trace;
    polling = (await record(lesson('polling.ts'), { timeoutMs: 20_000 })).trace;
  });
  after(async () => { await browser?.close(); });

  test('the WebSocket: three messages each way, in two rows of their own colour and shape, with a legend', async () => {
    for (const locale of ['en', 'ko'] as const) {
      const en = locale === 'en';
      const { page, problems } = await openPage(browser, writeHtml(`messages-${locale}`, { trace: ws, locale }));
      assert.equal(await page.locator('.messages h2').textContent(), en ? 'Messages: client → server and server → client' : '메시지: 클라이언트 → 서버, 서버 → 클라이언트');
      const legend = await page.locator('.msg-legend .msg-key').evaluateAll((keys) => keys.map((k) => {
        const cs = getComputedStyle(k.querySelector('.msg-head')!);
        return { text: k.textContent, colour: cs.backgroundColor, shape: cs.clipPath };
      }));
      assert.deepEqual(legend.map((k) => k.text), en ? ['client → server', 'server → client'] : ['클라이언트 → 서버', '서버 → 클라이언트']);
      assert.notEqual(legend[0].colour, legend[1].colour, 'two colours');
      assert.notEqual(legend[0].shape, legend[1].shape, 'two shapes');
      const rows = await rowsOf(page);
      assert.deepEqual(rows.map((r) => r.dir), ['toServer', 'toClient']);
      assert.deepEqual(rows.map((r) => r.name), en ? ['client → server (3)', 'server → client (3)'] : ['클라이언트 → 서버 (3개)', '서버 → 클라이언트 (3개)']);
      assert.ok(rows[0].box.bottom <= rows[1].box.top + 0.5, 'one row above the other');
      rows.forEach((r, i) => {
        assert.equal(r.marks.length, 3, r.dir);
        for (const m of r.marks) {
          assert.equal(m.kind, 'ws');
          assert.deepEqual([m.colour, m.shape], [legend[i].colour, legend[i].shape], `${r.dir}: a mark looks like its legend key`);
          assert.ok(m.box.left >= r.track.left - 6 && m.box.right <= r.track.right + 6, 'inside its track');
          assert.ok(!m.line, 'the trace shows the receiving end only: no line from a send');
        }
        for (let k = 1; k < 3; k++) assert.ok(r.marks[k].box.left > r.marks[k - 1].box.left, 'in time order');
      });
      // News #k goes out before its thanks comes back: each push mark is left of its thanks.
      for (let k = 0; k < 3; k++) assert.ok(rows[1].marks[k].box.left <= rows[0].marks[k].box.left + 0.5);
      const push = rows[1].marks[0].title, thanks = rows[0].marks[0].title;
      if (en) {
        assert.match(push, /^server → client, message 1: received at [\d.]+ ms \(the trace shows the receiving end only\); then printed “client got: news #1”$/);
        assert.match(thanks, /^client → server, message 1: received at [\d.]+ ms .*“server got: thanks for news #1”$/);
      } else {
        assert.match(push, /^서버 → 클라이언트, 메시지 1: [\d.]+ ms에 받음 \(기록에는 받는 쪽만 있습니다\); 받은 뒤 “client got: news #1” 출력$/);
        assert.match(thanks, /^클라이언트 → 서버, 메시지 1: /);
      }
      await page.locator('.messages').screenshot({ path: path.join(artifacts, `messages-${locale}.png`) });
      clean(problems);
      await page.context().close();
    }
  });

  test('compare: polling asks and is answered (both ends, a line each), the WebSocket only receives, on one axis', async () => {
    for (const locale of ['en', 'ko'] as const) {
      const { page, problems } = await openPage(browser, writeHtml(`messages-compare-${locale}`, { trace: polling, compare: ws, labels: ['polling.ts', 'websocket.ts'], locale }));
      assert.deepEqual(await page.locator('.msg-trace .msg-label').allTextContents(), ['polling.ts', 'websocket.ts']);
      const poll = await rowsOf(page, '.msg-trace[data-trace="0"]');
      const sock = await rowsOf(page, '.msg-trace[data-trace="1"]');
      const polls = polling.events.filter((e) => e.kind === 'suspend' && e.text.startsWith('fetch(')).length;
      assert.deepEqual(poll.map((r) => [r.dir, r.marks.map((m) => m.kind)]), [['toServer', Array(polls).fill('request')], ['toClient', Array(polls).fill('response')]]);
      for (const r of poll) {
        for (const m of r.marks) {
          assert.ok(m.line, `${r.dir}: sent and received are both drawn`);
          assert.match(m.title, locale === 'en' ? /: sent at .+, received at .+ \(.+ on the way\)$/ : /에 보냄, .+에 받음 \(오가는 데 .+\)$/);
        }
      }
      assert.match(poll[0].marks[0].title, locale === 'en' ? /^client → server, request 1, line 17: sent at / : /^클라이언트 → 서버, 요청 1, 17번째 줄: /);
      assert.match(poll[1].marks[0].title, locale === 'en' ? /^server → client, response 1, line 17: / : /^서버 → 클라이언트, 응답 1, 17번째 줄: /);
      assert.deepEqual(sock.map((r) => r.marks.length), [3, 3]);
      assert.equal(poll[0].track.width, sock[0].track.width, 'one time axis for both variants');
      // The same direction looks the same in both variants.
      assert.equal(poll[0].marks[0].colour, sock[0].marks[0].colour);
      assert.notEqual(poll[0].marks[0].colour, poll[1].marks[0].colour);
      await page.locator('.messages').screenshot({ path: path.join(artifacts, `messages-compare-${locale}.png`) });
      clean(problems);
      await page.context().close();
    }
  });
});
