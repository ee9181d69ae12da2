/**
 * What to show, one type for every way a run reaches the view: the bundle (a run, or two to
 * compare, and how to present them) that the CLI's HTML page, the extension's panel and its
 * exports take; and the payload the view receives for it, each trace as the bytes of an .avtrace
 * file (core/avtrace: its fields as gzip'd JSON, its spans as gzip'd span columns). The standalone
 * HTML embeds the payload as JSON; the VS Code panel posts the same payload in its `show` message;
 * protocol.ts validates it (`parseViewPayload`) whichever way it came. Types only.
 */
import type { Trace } from './trace';
import type { ColumnarTrace } from './columns/table';
import type { Summary } from './summary';

/** What to show. */
export interface ShowBundle {
  /** The run to draw (its spans as objects, or as columns: a trace read from an .avtrace file). */
  trace: Trace | ColumnarTrace;
  /** A second run, drawn below the first on the same time axis, with the speedup. */
  compare?: Trace | ColumnarTrace;
  /** Labels for the two variants in compare mode (default: the file names). */
  labels?: [string, string];
  /** Title: the page's (standalone HTML) or the panel's. */
  title?: string;
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
   * lines (lessons.json `predict`). Ignored in compare mode and when the run printed fewer than 2 lines.
   */
  predict?: boolean;
}

/** The bundle as the view receives it. */
export interface ViewPayload {
  /**
   * The run, then the compared run if any, each as the bytes of an .avtrace file
   * (docs/avtrace-format.md): base64 text where the payload is JSON (the standalone HTML), the
   * bytes themselves where it is structured-cloned (the VS Code panel's message).
   */
  traces: (string | Uint8Array)[];
  /**
   * summarize() of `trace` (and `compare`), computed where the payload is made (the CLI writing
   * the page, the extension posting the message), so the view's first paint does not wait for it:
   * the summary line, the compare header and the pending strip's peak.
   */
  summaries: Summary[];
  labels?: [string, string];
  locale?: string;
  note?: string;
  python?: string;
  /** True, or absent. */
  predict?: true;
}
