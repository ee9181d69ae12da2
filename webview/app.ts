/**
 * Puts the page together: header (title, summary, compare, warnings, pitfalls), toolbar and
 * legend, minimap, timeline with the lesson's note and the console list beside it, step mode and
 * the event table, and predict-then-reveal in front of them when asked. Wires them to each other
 * and to the host (openSource, state).
 */
import type { ShowMessage, ViewState } from '../src/core/protocol';
import { buildModel, type TraceModel } from './model';
import { Timeline } from './timeline';
import { Minimap } from './minimap';
import { StepPanel } from './step-panel';
import { renderSummary } from './summary';
import { compareSummaries } from '../src/core/summary';
import { renderCompare } from './compare';
import { renderConsoleList } from './console-list';
import { renderEventTable } from './event-table';
import { renderLegend } from './legend';
import { renderPitfalls } from './pitfalls';
import { renderJobs } from './jobs';
import { renderMessages } from './messages';
import { el, clear } from './dom';
import { setLocale, t, type StringKey } from './i18n';
import type { Host } from './host';
import { perf } from './perf';
import { refAt, spanAt, type ColumnarTrace } from '../src/core/columns/table';
import { baseName } from '../src/core/locations';
import { explainSpan } from '../src/core/explain';
import { explanationText } from '../src/core/text/explain-text';
import { whyStillRunning } from '../src/core/text/alive-text';
import { stepIndexOf } from '../src/core/steps';
import { PredictPanel, MAX_LINES, type PredictLine } from './predict';

/**
 * The lesson's "what to notice" text beside the timeline (plain text; blank lines split
 * paragraphs), then its bridge from Python (plain text) under a heading of its own.
 */
function renderNote(host: HTMLElement, note: string | undefined, python: string | undefined): void {
  const box = el('section', { class: 'lesson-note note', 'aria-labelledby': 'lesson-note-title' });
  box.append(el('h2', { id: 'lesson-note-title' }, t(note ? 'note' : 'fromPython')));
  for (const para of (note ?? '').split(/\n\s*\n/)) if (para.trim()) box.append(el('p', {}, para.trim()));
  if (python) {
    if (note) box.append(el('h3', {}, t('fromPython')));
    box.append(el('p', { class: 'lesson-python' }, python));
  }
  host.append(box);
}

export class App {
  private status = el('div', { class: 'status', role: 'status' });
  private page = el('div', { class: 'page' });

  constructor(root: HTMLElement, private host: Host) {
    root.classList.add('async-viz');
    root.append(this.status, this.page);
  }

  showStatus(state: 'running' | 'error' | 'idle', key: StringKey): void {
    this.showStatusText(state, t(key));
  }

  showStatusText(state: 'running' | 'error' | 'idle', text: string): void {
    this.status.className = `status status-${state}`;
    this.status.textContent = text;
  }

  /** Shows a payload; `input` are its traces, read from their bytes (the run, then the compared one). */
  show(msg: ShowMessage, input: ColumnarTrace[]): void {
    const lang = setLocale(msg.locale);
    document.documentElement.lang = lang;
    this.showStatusText('idle', '');
    clear(this.page);
    const labels: [string, string] = msg.labels ?? [baseName(input[0].meta.file), input[1] ? baseName(input[1].meta.file) : ''];
    if (input[1] && labels[0] === labels[1]) labels[1] += ' (2)';
    const models: TraceModel[] = input.map((tr, i) => buildModel(tr, i, input.length > 1 ? labels[i] : undefined, msg.summaries[i]));
    // From here on only the models' traces (without span objects) are kept.
    const traces = models.map((m) => m.trace);
    perf.mark('model');

    const header = el('header', { class: 'head' });
    header.append(el('h1', {}, traces.length > 1 ? `${labels[0]} ⟷ ${labels[1]}` : labels[0]));
    const sums = models.map((m) => m.summary);
    sums.forEach((s, i) => renderSummary(header, s, traces.length > 1 ? labels[i] : undefined));
    if (traces.length > 1) renderCompare(header, compareSummaries(sums[0], sums[1]), labels);
    for (const tr of traces) {
      if (tr.meta.truncated) header.append(el('p', { class: 'warn' }, t('truncated')));
      if (tr.meta.exit?.error) header.append(el('p', { class: 'warn' }, t('runError', tr.meta.exit.error)));
      const why = whyStillRunning(tr, lang);
      if (why && !tr.meta.exit?.error?.includes(why)) header.append(el('p', { class: 'warn alive' }, why));
    }
    renderPitfalls(header, models, labels);
    if (traces.length === 1) renderJobs(header, traces[0]);
    renderMessages(header, traces, labels);

    const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('title') });
    const btn = (cls: string, text: string, label: string, f: () => void): void => {
      const b = el('button', { type: 'button', class: cls, 'aria-label': label, title: label }, text);
      b.addEventListener('click', f);
      toolbar.append(b);
    };
    renderLegend(toolbar);

    const mainGrid = el('div', { class: 'main-grid' });
    const left = el('div', { class: 'left' });
    const side = el('aside', { class: 'side' });
    mainGrid.append(left, side);
    // The view state the host keeps across hide/show and reloads.
    const state: ViewState = { ...msg.state };
    const save = (): void => {
      state.domain = timeline.domain();
      state.step = steps.current();
      state.selected = timeline.selection()?.idx;
      this.host.saveState({ ...state });
    };
    const minimap = new Minimap(left, (a, b) => timeline.setDomain(a, b));
    const selectedInfo = el('p', { class: 'selected-info', 'aria-live': 'polite' });
    const selectedExplain = el('div', { class: 'selected-explain', 'aria-live': 'polite' });
    const timeline: Timeline = new Timeline(left, {
      onDomain: (a, b) => {
        minimap.show(a, b);
        save();
      },
      onSelect: (tr, idx) => describeSelection(tr, idx),
      onOpenSource: (line, col, tr, file) => this.host.post({ type: 'openSource', line, col, traceIndex: tr === 1 ? 1 : 0, ...(file !== undefined ? { file } : {}) }),
      onToggleGroup: (tr, group) => {
        const m = models[tr];
        if (!m.expanded.delete(group)) m.expanded.add(group);
        m.relayout();
        timeline.relayout();
      },
    });
    /** Names the selected span's cause and effects, and explains what happened and why. */
    const describeSelection = (tr: number, idx: number): void => {
      const m = models[tr];
      const s = spanAt(m.spans, idx);
      clear(selectedExplain);
      if (!s) { selectedInfo.textContent = ''; return; }
      const sel = timeline.selection();
      const n = sel?.effects.length ?? 0;
      selectedInfo.textContent = s.trigger !== undefined ? t('selected', s.id, s.kind, s.trigger, n) : t('selectedNoTrigger', s.id, s.kind, n);
      const ex = explainSpan(m.trace, idx);
      if (ex) {
        const words = explanationText(ex, m.trace, lang);
        for (const w of words.what) selectedExplain.append(el('p', { class: 'explain-what' }, w));
        const why = el('p', { class: 'explain-why', 'data-rule': ex.rule });
        why.append(el('strong', {}, `${t('stepWhy')}: `), document.createTextNode(words.why));
        selectedExplain.append(why);
      }
      save();
    };
    btn('zoom-out', '−', t('zoomOut'), () => timeline.zoomBy(1 / 1.5));
    btn('zoom-in', '+', t('zoomIn'), () => timeline.zoomBy(1.5));
    btn('zoom-reset', '⤢', t('zoomReset'), () => timeline.reset());
    left.append(selectedInfo, selectedExplain);
    if (msg.note || msg.python) renderNote(side, msg.note, msg.python);
    renderConsoleList(side, models, labels, (tm) => timeline.setHoverTime(tm), (tr, idx) => { timeline.select(tr, idx); describeSelection(tr, idx); });

    const steps = new StepPanel(this.page, (tr, idx) => {
      if (idx === undefined) { timeline.setStep(undefined); return; }
      timeline.setStep([tr, idx]);
      timeline.reveal(models[tr].spans.start[idx]);
      save();
    });
    this.page.prepend(header, toolbar, mainGrid);
    const eventTable = renderEventTable(this.page, traces, labels);

    perf.mark('dom');
    timeline.setModels(models);
    perf.mark('timeline');
    // A large trace's wait rows follow its first paint (model.ts EAGER_WAITS).
    if (models.some((m) => m.waitsPending)) {
      // After the frame that paints first (its callback was asked for first), in a task of its own.
      requestAnimationFrame(() => setTimeout(() => {
        if (models.map((m) => m.loadWaits()).some(Boolean)) timeline.relayout();
        perf.mark('waits');
      }, 0));
    }
    minimap.setModels(models, timeline.fullDuration());
    perf.mark('minimap');
    steps.setModel(models[0]);
    const st = msg.state;
    if (st?.domain) timeline.setDomain(st.domain[0], st.domain[1]);
    if (st?.selected !== undefined && st.selected >= 0 && st.selected < models[0].spans.n) { timeline.select(0, st.selected); describeSelection(0, st.selected); }
    if (st?.step !== undefined && st.step >= 0) steps.go(st.step);

    // Predict, then reveal: what would give the order away stays hidden until the learner reveals.
    if (msg.predict && models.length === 1) {
      const m = models[0];
      const lines: PredictLine[] = [];
      for (let i = 0; i < m.consoleIdx.length && lines.length < MAX_LINES; i++) {
        const e = m.trace.events[m.consoleIdx[i]];
        if (e.kind !== 'console') continue;
        const span = e.span !== undefined ? refAt(m.spans, e.span) : -1;
        lines.push({ text: e.text, stream: e.stream, step: stepIndexOf(m.trace, span) });
      }
      if (lines.length >= 2) {
        const gated: HTMLElement[] = [toolbar, mainGrid, steps.root, eventTable];
        const open = (): void => { for (const g of gated) g.hidden = false; };
        for (const g of gated) g.hidden = true;
        const panel: PredictPanel = new PredictPanel(lines, {
          total: m.consoleIdx.length,
          initial: st?.predict,
          onReveal: open,
          onSkip: () => { open(); panel.root.remove(); state.predict = undefined; save(); },
          onWhy: (k) => steps.focusStep(k),
          onChange: (p) => { state.predict = p; save(); },
        });
        header.after(panel.root);
      }
    }
  }
}
