/**
 * Step mode UI: previous / next / play with a speed, arrow keys, and for the current step (the
 * core's step model, src/core/steps.ts) what is running (with its await chain), what happened
 * and the rule that made it happen (the core's explanation, in the current language), and each
 * queue's contents.
 */
import type { TraceModel } from './model';
import { stepAt, stepOrder } from '../src/core/steps';
import { explainStep } from '../src/core/explain';
import { callTitle, explanationText, spanTitle } from '../src/core/text/explain-text';
import { el, clear } from './dom';
import { lang, t, type StringKey } from './i18n';
import { formatDuration } from './scales';
import { spanAt } from '../src/core/columns/table';

export class StepPanel {
  readonly root = el('section', { class: 'step-panel', 'aria-label': t('stepMode') });
  private order: Int32Array = new Int32Array(0);
  private model?: TraceModel;
  private k = -1;
  private timer: ReturnType<typeof setInterval> | undefined;
  private status = el('div', { class: 'step-status', 'aria-live': 'polite' });
  private body = el('div', { class: 'step-body', tabindex: -1 });
  private playBtn = el('button', { type: 'button', class: 'step-play' }, `▶ ${t('stepPlay')}`);
  private speed = el('select', { 'aria-label': t('stepSpeed') });

  constructor(host: HTMLElement, private onStep: (trace: number, span: number | undefined) => void) {
    const bar = el('div', { class: 'step-bar' });
    const prev = el('button', { type: 'button', class: 'step-prev', 'aria-label': t('stepPrev') }, `◀ ${t('stepPrev')}`);
    const next = el('button', { type: 'button', class: 'step-next', 'aria-label': t('stepNext') }, `${t('stepNext')} ▶`);
    for (const v of ['0.5', '1', '2', '4']) this.speed.append(el('option', { value: v, selected: v === '1' }, `${v}×`));
    prev.addEventListener('click', () => this.go(this.k - 1));
    next.addEventListener('click', () => this.go(this.k + 1));
    this.playBtn.addEventListener('click', () => this.togglePlay());
    this.speed.addEventListener('change', () => { if (this.timer) { this.togglePlay(); this.togglePlay(); } });
    const lbl = el('label', {}, `${t('stepSpeed')} `);
    lbl.append(this.speed);
    bar.append(el('h2', {}, t('stepMode')), prev, next, this.playBtn, lbl, this.status);
    this.root.append(bar, this.body);
    this.root.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLSelectElement) return;
      if (e.key === 'ArrowRight') { e.preventDefault(); this.go(this.k + 1); }
      if (e.key === 'ArrowLeft') { e.preventDefault(); this.go(this.k - 1); }
    });
    host.append(this.root);
  }

  setModel(m: TraceModel): void {
    this.model = m;
    this.order = new Int32Array(0);
    this.k = -1;
    this.render();
  }

  /** Current step index (-1 = not stepping). */
  current(): number {
    return this.k;
  }

  /** Shows step k and moves the keyboard focus and the page to it (a link from elsewhere). */
  focusStep(k: number): void {
    this.go(k);
    this.root.scrollIntoView({ block: 'nearest' });
    this.body.focus({ preventScroll: true });
  }

  /** Moves to step k (clamped). */
  go(k: number): void {
    if (!this.model) return;
    if (this.order.length === 0) this.order = stepOrder(this.model.trace);
    if (this.order.length === 0) return;
    this.k = Math.max(0, Math.min(this.order.length - 1, k));
    this.render();
    this.onStep(this.model.index, this.order[this.k]);
  }

  private togglePlay(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.playBtn.textContent = `▶ ${t('stepPlay')}`;
      return;
    }
    this.playBtn.textContent = `⏸ ${t('stepPause')}`;
    this.timer = setInterval(() => {
      if (this.order.length && this.k >= this.order.length - 1) { this.togglePlay(); return; }
      this.go(this.k + 1);
    }, 900 / Number(this.speed.value));
  }

  private render(): void {
    clear(this.body);
    const m = this.model;
    if (!m || this.k < 0) { this.status.textContent = ''; return; }
    this.status.textContent = t('stepOf', this.k + 1, this.order.length);
    const info = stepAt(m.trace, this.k, this.order);
    const desc = (i: number): string => spanTitle(m.trace, i, lang());
    const s = spanAt(m.spans, info.span)!;
    const run = el('div', { class: 'step-running' });
    run.append(el('h3', {}, t('stepRunning')), el('p', { class: `step-current kind-${s.kind}` }, `${desc(info.span)} · ${formatDuration(s.start)} · ${formatDuration(s.end - s.start)}`));
    if (info.chain.length) run.append(el('p', { class: 'step-chain' }, `${t('stepAwaitChain')}: ${info.chain.map((c) => callTitle(m.trace, c)).join(' ← ')}`));
    const explained = explainStep(m.trace, this.k, info);
    const ex = { rule: explained.rule, ...explanationText(explained, m.trace, lang()) };
    for (const w of ex.what) run.append(el('p', { class: 'step-what' }, w));
    const why = el('p', { class: 'step-why', 'data-rule': ex.rule });
    why.append(el('strong', {}, `${t('stepWhy')}: `), document.createTextNode(ex.why));
    run.append(why);
    const qs = el('div', { class: 'queues' });
    const queue = (key: StringKey, cls: string, items: number[]): void => {
      const box = el('div', { class: `queue queue-${cls}` });
      box.append(el('h3', {}, `${t(key)} (${items.length})`));
      const ul = el('ul');
      if (items.length === 0) ul.append(el('li', { class: 'muted' }, t('qEmpty')));
      for (const i of items.slice(0, 30)) ul.append(el('li', {}, desc(i)));
      if (items.length > 30) ul.append(el('li', { class: 'muted' }, `+${items.length - 30}`));
      box.append(ul);
      qs.append(box);
    };
    queue('qNextTick', 'nextTick', info.queues.nextTick);
    queue('qMicrotask', 'microtask', info.queues.microtask);
    queue('qTimers', 'timer', info.queues.timer);
    queue('qImmediates', 'immediate', info.queues.immediate);
    queue('qIo', 'io', info.queues.io);
    this.body.append(run, qs);
  }
}
