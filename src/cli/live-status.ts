/**
 * The one-line live status on stderr while a recording runs longer than a moment: elapsed time,
 * events so far, and how to stop. Only on a terminal (never in a pipe or a log file), redrawn in
 * place at most a few times a second, cut to the terminal's width, and erased before anything
 * else is printed.
 */
import type { WriteStream } from 'node:tty';
import type { RunProgress } from '../run/types';
import { formatDuration } from '../core/analysis';

/** The status appears only once a recording has run this long (short runs print nothing extra). */
export const STATUS_AFTER_MS = 2000;
/** Redraw at most this often. */
const REDRAW_MS = 250;
/** Erase the current line and return to its start. */
const ERASE_LINE = '\r\x1b[2K';

export class LiveStatus {
  private shown = false;
  private lastDraw = 0;

  constructor(private readonly out: WriteStream) {}

  /** A status for stderr when it is a terminal, else undefined. */
  static forStderr(): LiveStatus | undefined {
    return process.stderr.isTTY ? new LiveStatus(process.stderr as WriteStream) : undefined;
  }

  update(p: RunProgress): void {
    if (p.elapsedMs < STATUS_AFTER_MS) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const text = `⏺ recording ${formatDuration(p.elapsedMs)} · ${p.events.toLocaleString('en-US')} events · Ctrl+C to stop and keep the trace`;
    const width = this.out.columns > 0 ? this.out.columns - 1 : 80;
    this.out.write(`${ERASE_LINE}${text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text}`);
    this.shown = true;
  }

  /** Erases the status line (before the summary is printed). */
  clear(): void {
    if (!this.shown) return;
    this.out.write(ERASE_LINE);
    this.shown = false;
  }
}
