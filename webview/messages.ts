/**
 * The messages between a client and a server (lesson 10) in the header, one row per direction:
 * "client → server" above, "server → client" below, a mark per message (▲ towards the server,
 * ▼ towards the client, each in its own theme colour) with a line from when it was sent to
 * when it arrived where the trace shows both ends, and a legend. In the compare view each
 * variant has its pair of rows on one time axis, so polling's request/response pairs stand
 * against the WebSocket's pushes. core/messages.ts finds them; shown only when there are some.
 */
import type { ColumnarTrace } from '../src/core/columns/table';
import { DIRECTIONS, messages, type Message } from '../src/core/messages';
import { phrase, type Lang } from '../src/core/text/phrases';
import { traceEnd } from '../src/core/calls';
import { formatDuration } from '../src/core/duration';
import { el } from './dom';
import { lang } from './i18n';

/** What a mark's tooltip says: which way, which message, when sent and when received. */
function describe(l: Lang, m: Message): string {
  const way = phrase(l, `msg_${m.dir}`);
  let which = phrase(l, `msg_${m.kind}`, m.n);
  if (m.line !== undefined) which = phrase(l, 'msgLine', which, m.line);
  const at = formatDuration;
  let text = m.sent !== undefined && m.received !== undefined ? phrase(l, 'msgBoth', way, which, at(m.sent), at(m.received), at(m.received - m.sent))
    : m.received !== undefined ? phrase(l, 'msgReceived', way, which, at(m.received))
      : phrase(l, 'msgSent', way, which, at(m.sent ?? 0));
  if (m.said) text = phrase(l, 'msgSaid', text, m.said);
  return text;
}

export function renderMessages(host: HTMLElement, traces: ColumnarTrace[], labels: string[]): void {
  const lists = traces.map((tr) => messages(tr));
  if (!lists.some((x) => x.length)) return;
  const l = lang();
  // One axis for every variant, as in the compare view.
  const end = Math.max(...traces.map((tr) => traceEnd(tr)), 1e-9);
  const pct = (ms: number): string => `${(ms / end) * 100}%`;
  const box = el('section', { class: 'messages', 'aria-label': phrase(l, 'msgTitle') });
  box.append(el('h2', {}, phrase(l, 'msgTitle')));
  const legend = el('div', { class: 'msg-legend' });
  for (const dir of DIRECTIONS) {
    const key = el('span', { class: `msg-key msg-${dir}`, 'data-dir': dir });
    key.append(el('span', { class: 'msg-head', 'aria-hidden': 'true' }), document.createTextNode(phrase(l, `msg_${dir}`)));
    legend.append(key);
  }
  box.append(legend);
  lists.forEach((list, i) => {
    const block = el('div', { class: 'msg-trace', 'data-trace': i });
    if (traces.length > 1) block.append(el('div', { class: 'msg-label' }, labels[i] ?? ''));
    for (const dir of DIRECTIONS) {
      const mine = list.filter((m) => m.dir === dir);
      const row = el('div', { class: `msg-row msg-${dir}`, 'data-dir': dir });
      row.append(el('span', { class: 'msg-name' }, mine.length ? phrase(l, 'msgCount', phrase(l, `msg_${dir}`), mine.length) : `${phrase(l, `msg_${dir}`)}: ${phrase(l, 'msgNone')}`));
      const track = el('div', { class: 'msg-track' });
      for (const m of mine) {
        const title = describe(l, m);
        const from = m.sent ?? m.received ?? 0, to = m.received ?? m.sent ?? from;
        const mark = el('span', { class: `msg msg-${dir}`, 'data-dir': dir, 'data-kind': m.kind, 'data-n': m.n, 'data-sent': m.sent, 'data-received': m.received, title, 'aria-label': title });
        // Positions through the CSSOM: the view's CSP allows no inline style attributes.
        mark.style.left = pct(from);
        mark.style.width = pct(Math.max(0, to - from));
        if (m.sent !== undefined && m.received !== undefined) mark.append(el('span', { class: 'msg-line' }));
        if (m.received !== undefined) mark.append(el('span', { class: 'msg-head' }));
        else mark.classList.add('msg-unanswered');
        track.append(mark);
      }
      row.append(track);
      block.append(row);
    }
    box.append(block);
  });
  host.append(box);
}
