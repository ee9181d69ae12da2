/**
 * Messages between the extension host and the timeline webview, both ways (the `show` payload is
 * core/show.ts's, the same the standalone HTML embeds).
 * The webview is untrusted input to the host and the trace is untrusted input to the webview:
 * each side validates what it receives with the guards below before acting on it.
 * Handshake: the webview sends `ready` once its script has loaded; the host queues messages until then.
 */
import type { Trace } from './trace';
import type { ViewPayload } from './show';
import type { Summary } from './summary';

/** Bump when a message changes shape. Both sides send it in `ready` / `show`. 3: traces travel as .avtrace bytes. */
export const PROTOCOL_VERSION = 3;

/** View state the webview asks the host to keep across hide/show and reloads. */
export interface ViewState {
  /** Visible time range, ms since run start. */
  domain?: [number, number];
  /** Current step index in step mode, or -1 when not stepping. */
  step?: number;
  /** Selected span id, if any. */
  selected?: number;
  /** Predict-then-reveal: the learner's guess and whether it was revealed (see `ShowBundle.predict`). */
  predict?: PredictState;
}

/** The learner's guess of the console order. */
export interface PredictState {
  /** The guessed order: indices into the console lines that were offered (in their printed order). */
  guess: number[];
  /** True once the real order was revealed. */
  revealed: boolean;
}

/**
 * Host → webview: show a run (or two in compare mode). The payload is the one the standalone HTML
 * embeds (core/show.ts `ViewPayload`: each trace as .avtrace bytes), so both ways into the view
 * carry the same file format.
 */
export interface ShowMessage extends ViewPayload {
  type: 'show';
  protocol: typeof PROTOCOL_VERSION;
  /** State to restore (from a previous session of the panel). */
  state?: ViewState;
}

/** The `show` message for a payload (and the view state to restore). */
export function showMessage(payload: ViewPayload, state?: ViewState): ShowMessage {
  const msg: ShowMessage = { type: 'show', protocol: PROTOCOL_VERSION, ...payload };
  if (state) msg.state = state;
  return msg;
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
  /**
   * The file of the line when it is not the trace's `meta.file` (`Span.file`, `AsyncCall.file`).
   * The host opens it only if the trace names it (a webview cannot open any file it likes).
   */
  file?: string;
}

/** Webview → host: remember this view state. */
export interface StateMessage {
  type: 'state';
  state: ViewState;
}

export type WebviewToHost = ReadyMessage | OpenSourceMessage | StateMessage;

/** Longest file name an `openSource` message may carry. */
const MAX_PATH = 4096;

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
      if (v.file !== undefined && (typeof v.file !== 'string' || !v.file || v.file.length > MAX_PATH)) return null;
      return { type: 'openSource', line: v.line, col: v.col as number | undefined, traceIndex: v.traceIndex as 0 | 1 | undefined, ...(v.file !== undefined ? { file: v.file as string } : {}) };
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

/** An .avtrace file's bytes as a payload carries them: base64 text, or bytes (an ArrayBuffer read as bytes). */
function traceBytes(v: unknown): string | Uint8Array | null {
  // A string that is not base64 is refused when it is decoded.
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return null;
}

/**
 * Validates a view payload from untrusted input (the embedded page, a message); null when it is
 * malformed. The traces' bytes are checked when they are read (core/avtrace: a damaged file is
 * refused there). Optional fields of the wrong type are dropped, not trusted.
 */
export function parseViewPayload(v: unknown): ViewPayload | null {
  if (!isObj(v) || !Array.isArray(v.traces) || v.traces.length < 1 || v.traces.length > 2) return null;
  const traces = v.traces.map(traceBytes);
  if (traces.some((t) => t === null)) return null;
  if (!Array.isArray(v.summaries) || v.summaries.length !== traces.length || !v.summaries.every(isSummary)) return null;
  const p: ViewPayload = { traces: traces as (string | Uint8Array)[], summaries: v.summaries as Summary[] };
  if (Array.isArray(v.labels) && v.labels.length === 2 && v.labels.every((l) => typeof l === 'string')) p.labels = [v.labels[0], v.labels[1]];
  if (typeof v.locale === 'string') p.locale = v.locale;
  if (typeof v.note === 'string') p.note = v.note;
  if (typeof v.python === 'string') p.python = v.python;
  if (v.predict === true) p.predict = true;
  return p;
}

/**
 * Validates a message from the host (the payload by `parseViewPayload`). Optional fields of the
 * wrong type are dropped, not trusted.
 */
export function parseHostMessage(v: unknown): HostToWebview | null {
  if (!isObj(v)) return null;
  if (v.type === 'status') {
    if ((v.state === 'running' || v.state === 'error' || v.state === 'idle') && typeof v.text === 'string') return { type: 'status', state: v.state, text: v.text };
    return null;
  }
  if (v.type !== 'show') return null;
  const payload = parseViewPayload(v);
  if (!payload) return null;
  const msg: ShowMessage = { type: 'show', protocol: PROTOCOL_VERSION, ...payload };
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
