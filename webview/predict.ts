/**
 * Predict, then reveal: the console lines of the run, shuffled; the learner puts them in the order
 * they think Node printed them (drag with the pointer, or the ↑ / ↓ buttons, or Alt+↑ / Alt+↓ on a
 * focused line), then reveals. The reveal marks each line in a wrong place and links it to the
 * step (step mode) of the callback that printed it, which explains why it came when it did.
 * The lines are the program's output: always set as text (textContent), never as HTML.
 */
import type { PredictState } from '../src/core/protocol';
import { el, clear } from './dom';
import { t } from './i18n';

/** One console line offered for the guess, in printed order. */
export interface PredictLine {
  text: string;
  stream: 'stdout' | 'stderr';
  /** Step (step mode) of the callback that printed it, or -1. */
  step: number;
}

export interface PredictOptions {
  /** All console lines of the run (only the first MAX_LINES are offered). */
  total: number;
  /** A guess to restore (from the host's saved view state). */
  initial?: PredictState;
  onReveal: () => void;
  onSkip: () => void;
  onWhy: (step: number) => void;
  onChange: (state: PredictState) => void;
}

/** At most this many lines to order. */
export const MAX_LINES = 12;

/** A fixed shuffle (the same page always starts from the same order), never the real order. */
export function initialOrder(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 0x9e3779b9 ^ n;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  if (n > 1 && order.every((v, i) => v === i)) order.push(order.shift()!);
  return order;
}

export class PredictPanel {
  readonly root = el('section', { class: 'predict', 'aria-labelledby': 'predict-title' });
  private list = el('ol', { class: 'predict-list' });
  private live = el('p', { class: 'sr-only', 'aria-live': 'polite' });
  private actions = el('div', { class: 'predict-actions' });
  private order: number[];
  private revealed = false;
  private dragging: HTMLElement | undefined;

  constructor(private lines: PredictLine[], private opts: PredictOptions) {
    const init = opts.initial;
    this.order = init && init.guess.length === lines.length ? [...init.guess] : initialOrder(lines.length);
    this.root.append(el('h2', { id: 'predict-title' }, t('predictTitle')), el('p', { class: 'predict-intro' }, t('predictIntro')));
    if (opts.total > lines.length) this.root.append(el('p', { class: 'muted' }, t('predictMoreLines', lines.length, opts.total)));
    const reveal = el('button', { type: 'button', class: 'predict-reveal' }, t('predictReveal'));
    const skip = el('button', { type: 'button', class: 'predict-skip' }, t('predictSkip'));
    reveal.addEventListener('click', () => this.reveal());
    skip.addEventListener('click', () => opts.onSkip());
    this.actions.append(reveal, skip);
    this.root.append(this.list, this.actions, this.live);
    for (const i of this.order) this.list.append(this.item(i));
    this.listenForDrag();
    this.renumber();
    if (init?.revealed && init.guess.length === lines.length) this.reveal();
  }

  /** The current guess (indices in printed order). */
  guess(): number[] {
    return [...this.order];
  }

  private item(i: number): HTMLLIElement {
    const line = this.lines[i];
    const li = el('li', { class: `predict-item predict-${line.stream}`, tabindex: 0, 'data-line': i });
    const up = el('button', { type: 'button', class: 'predict-up', 'aria-label': t('predictUp', line.text), title: t('predictUp', line.text) }, '↑');
    const down = el('button', { type: 'button', class: 'predict-down', 'aria-label': t('predictDown', line.text), title: t('predictDown', line.text) }, '↓');
    up.addEventListener('click', () => this.move(li, -1, up));
    down.addEventListener('click', () => this.move(li, 1, down));
    li.append(el('span', { class: 'predict-grip', 'aria-hidden': 'true' }, '⠿'), el('span', { class: 'predict-pos', 'aria-hidden': 'true' }), el('span', { class: 'predict-text' }, line.text), up, down);
    li.addEventListener('keydown', (e) => {
      if (this.revealed || !e.altKey || e.target !== li) return;
      if (e.key === 'ArrowUp') { e.preventDefault(); this.move(li, -1, li); }
      if (e.key === 'ArrowDown') { e.preventDefault(); this.move(li, 1, li); }
    });
    // Pointer drag (mouse, pen, touch): see startDrag.
    li.addEventListener('pointerdown', (e) => {
      if (this.revealed || e.button !== 0 || (e.target as Element).closest('button')) return;
      e.preventDefault();
      this.dragging = li;
      li.classList.add('dragging');
      // The list, not the line, holds the capture: moving the line in the DOM would drop it.
      this.list.setPointerCapture?.(e.pointerId);
    });
    return li;
  }

  /** While a line is dragged it moves among the others, to where the pointer is. */
  private listenForDrag(): void {
    this.list.addEventListener('pointermove', (e) => {
      const li = this.dragging;
      if (!li) return;
      let before: Element | null = null;
      for (const other of Array.from(this.list.children)) {
        if (other === li) continue;
        const r = other.getBoundingClientRect();
        if (e.clientY < r.top + r.height / 2) { before = other; break; }
      }
      if (before !== li.nextElementSibling) this.list.insertBefore(li, before);
    });
    const drop = (): void => {
      const li = this.dragging;
      if (!li) return;
      this.dragging = undefined;
      li.classList.remove('dragging');
      this.changed(li);
      li.focus({ preventScroll: true });
    };
    this.list.addEventListener('pointerup', drop);
    this.list.addEventListener('pointercancel', drop);
    this.list.addEventListener('lostpointercapture', drop);
  }

  private move(li: HTMLElement, by: -1 | 1, focus: HTMLElement): void {
    if (this.revealed) return;
    if (by < 0 && li.previousElementSibling) this.list.insertBefore(li, li.previousElementSibling);
    else if (by > 0 && li.nextElementSibling) this.list.insertBefore(li.nextElementSibling, li);
    else return;
    this.changed(li);
    focus.focus();
  }

  /** Reads the order back from the list, renumbers, announces where `li` went, tells the host. */
  private changed(li: HTMLElement): void {
    this.order = Array.from(this.list.children, (c) => Number((c as HTMLElement).dataset.line));
    this.renumber();
    const pos = this.order.indexOf(Number(li.dataset.line));
    this.live.textContent = t('predictMoved', this.lines[Number(li.dataset.line)].text, pos + 1, this.order.length);
    this.opts.onChange({ guess: this.guess(), revealed: this.revealed });
  }

  private renumber(): void {
    Array.from(this.list.children).forEach((c, k) => { const p = c.querySelector('.predict-pos'); if (p) p.textContent = `${k + 1}.`; });
  }

  /** Marks each guess right or wrong, links the wrong ones to their step, shows the real order. */
  reveal(): void {
    if (this.revealed) return;
    this.revealed = true;
    this.root.classList.add('revealed');
    clear(this.actions);
    let right = 0;
    Array.from(this.list.children).forEach((c, pos) => {
      const li = c as HTMLElement;
      const i = Number(li.dataset.line);
      li.removeAttribute('tabindex');
      li.querySelectorAll('button').forEach((b) => b.remove());
      li.querySelector('.predict-grip')?.remove();
      // Lines with the same text are interchangeable: a guess is right when the text matches.
      const ok = this.lines[i].text === this.lines[pos]?.text;
      if (ok) right++;
      li.classList.add(ok ? 'predict-right' : 'predict-wrong');
      li.prepend(el('span', { class: 'predict-mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'));
      li.append(el('span', { class: 'sr-only' }, ok ? t('predictRight') : t('predictWrong', i + 1)));
      if (!ok) {
        li.append(el('span', { class: 'predict-actual-pos', 'aria-hidden': 'true' }, `→ ${i + 1}`));
        const step = this.lines[i].step;
        if (step >= 0) {
          const why = el('button', { type: 'button', class: 'predict-why', 'data-step': step, 'aria-label': t('predictWhyLabel', this.lines[i].text, i + 1, step + 1) }, t('predictWhy', step + 1));
          why.addEventListener('click', () => this.opts.onWhy(step));
          li.append(why);
        }
      }
    });
    const score = el('p', { class: 'predict-score', role: 'status' }, t('predictScore', right, this.lines.length));
    const cols = el('div', { class: 'predict-cols' });
    const mine = el('div');
    mine.append(el('h3', {}, t('predictYourGuess')), this.list);
    const actual = el('div');
    const ol = el('ol', { class: 'predict-actual' });
    for (const l of this.lines) ol.append(el('li', { class: `predict-${l.stream}` }, l.text));
    actual.append(el('h3', {}, t('predictActual')), ol);
    cols.append(mine, actual);
    this.actions.before(score, cols);
    this.opts.onChange({ guess: this.guess(), revealed: true });
    this.opts.onReveal();
  }
}
