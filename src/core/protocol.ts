/**
 * Messages between the extension host and the timeline webview, both ways.
 * The webview is untrusted input to the host and the trace is untrusted input to the webview:
 * each side validates what it receives with the guards below before acting on it.
 * Handshake: the webview sends `ready` once its script has loaded; the host queues messages until then.
 */
import type { Trace } from './trace';
import type { Summary } from './summary';

/** Bump when a message changes shape. Both sides send it in `ready` / `show`. */
export const PROTOCOL_VERSION = 1;

/** View state the webview asks the host to keep across hide/show and reloads. */
export interface ViewState {
  /** Visible time range, ms since run start. */
  domain?: [number, number];
  /** Current step index in step mode, or -1 when not stepping. */
  step?: number;
  /** Selected span id, if any. */
  selected?: number;
  /** Predict-then-reveal: the learner's guess and whether it was revealed (see `ShowMessage.predict`). */
  predict?: PredictState;
}

/** The learner's guess of the console order. */
export interface PredictState {
  /** The guessed order: indices into the console lines that were offered (in their printed order). */
  guess: number[];
  /** True once the real order was revealed. */
  revealed: boolean;
}

/** Host → webview: show a trace (and optionally a second one to compare against). */
export interface ShowMessage {
  type: 'show';
  protocol: typeof PROTOCOL_VERSION;
  /** The trace to draw. */
  trace: Trace;
  /** A second trace, drawn below the first on the same time axis, with the speedup. */
  compare?: Trace;
  /** Labels for the two variants in compare mode (default: the file names). */
  labels?: [string, string];
  /** State to restore (from a previous session of the panel). */
  state?: ViewState;
  /** UI language: `en` or `ko` (a region suffix such as `ko-KR` is ignored; anything else is English). */
  locale?: string;
  /**
   * A lesson's "what to notice" text, already in the UI language (plain text: shown as text, never
   * as HTML; blank lines separate paragraphs). Shown beside the timeline.
   */
  note?: string;
  /**
   * The lesson's bridge from Python (lessons.json `python`), already in the UI language: its
   * Python twin's file name and the one-line mapping to the Node code (plain text, shown as text).
   * Shown with the note.
   */
  python?: string;
  /**
   * Predict, then reveal: before the run is shown, the learner guesses the order of the console
   * lines (lessons.json `predict`). The timeline, console list and step mode stay hidden until the
   * learner reveals or skips. Ignored in compare mode and when the run printed fewer than 2 lines.
   */
  predict?: boolean;
  /**
   * `summarize()` (src/core/summary.ts) of `trace` and, in compare mode, of `compare`, computed
   * by the host where the spans are still objects. The summary line and the compare speedup read
   * these: the program's own time (Node's and the recorder's start-up left out) and the leaf
   * waits, the same figures as the CLI prints. Without them the view estimates its own.
   */
  summaries?: Summary[];
}

/** Host → webview: a run is under way (or has ended without a trace). */
export interface StatusMessage {
  type: 'status';
  /** `running` shows a progress state; `error` shows `text` as an error. */
  state: 'running' | 'error' | 'idle';
  /** Human text (already localised by the host). */
  text: string;
}

export type HostToWebview = ShowMessage | StatusMessage;

/** Webview → host: the script has loaded and can receive messages. */
export interface ReadyMessage {
  type: 'ready';
  protocol: number;
}

/** Webview → host: open the user's file at this line (a bar or event was clicked). */
export interface OpenSourceMessage {
  type: 'openSource';
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  col?: number;
  /** Which trace the line belongs to: 0 = main trace, 1 = the compared one. */
  traceIndex?: 0 | 1;
}

/** Webview → host: remember this view state. */
export interface StateMessage {
  type: 'state';
  state: ViewState;
}

export type WebviewToHost = ReadyMessage | OpenSourceMessage | StateMessage;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates a message from the webview; returns null for anything malformed. */
export function parseWebviewMessage(v: unknown): WebviewToHost | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'ready':
      return isNum(v.protocol) ? { type: 'ready', protocol: v.protocol } : null;
    case 'openSource':
      if (!isNum(v.line) || v.line < 1 || !Number.isInteger(v.line)) return null;
      if (v.col !== undefined && !isNum(v.col)) return null;
      if (v.traceIndex !== undefined && v.traceIndex !== 0 && v.traceIndex !== 1) return null;
      return { type: 'openSource', line: v.line, col: v.col as number | undefined, traceIndex: v.traceIndex as 0 | 1 | undefined };
    case 'state': {
      if (!isObj(v.state)) return null;
      const s = v.state;
      const state: ViewState = {};
      if (Array.isArray(s.domain) && s.domain.length === 2 && isNum(s.domain[0]) && isNum(s.domain[1])) state.domain = [s.domain[0], s.domain[1]];
      if (isNum(s.step)) state.step = s.step;
      if (isNum(s.selected)) state.selected = s.selected;
      const p = parsePredictState(s.predict);
      if (p) state.predict = p;
      return { type: 'state', state };
    }
    default:
      return null;
  }
}

/** A guess of at most 1000 lines, each index once; null for anything else. */
export function parsePredictState(v: unknown): PredictState | null {
  if (!isObj(v) || !Array.isArray(v.guess) || v.guess.length > 1000 || typeof v.revealed !== 'boolean') return null;
  const seen = new Set<number>();
  for (const i of v.guess) {
    if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= v.guess.length || seen.has(i as number)) return null;
    seen.add(i as number);
  }
  return { guess: [...(v.guess as number[])], revealed: v.revealed };
}

/**
 * Validates a message from the host (the trace inside is checked by `isTrace`). Optional fields
 * of the wrong type are dropped, not trusted.
 */
export function parseHostMessage(v: unknown): HostToWebview | null {
  if (!isObj(v)) return null;
  if (v.type === 'status') {
    if ((v.state === 'running' || v.state === 'error' || v.state === 'idle') && typeof v.text === 'string') return { type: 'status', state: v.state, text: v.text };
    return null;
  }
  if (v.type !== 'show' || !isTrace(v.trace) || (v.compare !== undefined && !isTrace(v.compare))) return null;
  const msg: ShowMessage = { type: 'show', protocol: PROTOCOL_VERSION, trace: v.trace };
  if (v.compare !== undefined) msg.compare = v.compare as Trace;
  if (Array.isArray(v.labels) && v.labels.length === 2 && v.labels.every((l) => typeof l === 'string')) msg.labels = [v.labels[0], v.labels[1]];
  if (typeof v.locale === 'string') msg.locale = v.locale;
  if (typeof v.note === 'string') msg.note = v.note;
  if (typeof v.python === 'string') msg.python = v.python;
  if (typeof v.predict === 'boolean') msg.predict = v.predict;
  if (Array.isArray(v.summaries) && v.summaries.every(isSummary)) msg.summaries = v.summaries as Summary[];
  if (isObj(v.state)) {
    const parsed = parseWebviewMessage({ type: 'state', state: v.state });
    if (parsed?.type === 'state') msg.state = parsed.state;
  }
  return msg;
}

/** The numbers the view reads from a Summary are numbers. */
function isSummary(v: unknown): boolean {
  return isObj(v) && ['totalMs', 'startMs', 'programMs', 'blockedMs', 'busyMs', 'idleMs', 'peakConcurrency', 'awaitWaitSumMs', 'awaitWallMs'].every((k) => typeof v[k] === 'number' && Number.isFinite(v[k] as number));
}

/** Shallow structural check of a trace: the top-level arrays and the version. */
export function isTrace(v: unknown): v is Trace {
  return (
    isObj(v) && v.version === 1 && isObj(v.meta) && Array.isArray(v.lanes) && Array.isArray(v.spans) &&
    Array.isArray(v.events) && Array.isArray(v.blocked) && Array.isArray(v.asyncCalls)
  );
}
