/**
 * Where a timer, immediate or I/O callback came from: the init record's call sites (the marked
 * calls of the user's code, SiteTable.calls) and a timer's delay become the span's `line`/`col`,
 * `file` (for a project's), `callerLine`/`callerCol`, `delay`/`repeat` and `detail` (what the operation is, with its
 * parameters as far as they are known: `setTimeout 250 ms`, `fs.readFile report.pdf`).
 */
import type { Span } from '../trace';
import type { SiteTable } from '../wire';
import type { Origin } from '../id-table';

type CallSite = NonNullable<SiteTable['calls']>[number];

/** A number as a delay reads: whole ms as they are, else at most 3 decimals. */
const ms = (v: number): string => String(Math.round(v * 1000) / 1000);

/** A call's text names a timer function as written (`setTimeout`, `timers.setInterval`). */
const TIMER_CALL = /(?:^|\.)set(?:Timeout|Interval)$/;

/** What the operation is, from its resource type, the call that made it and a timer's delay. */
export function operationDetail(type: string, site: CallSite | undefined, delay: number, repeat: boolean): string | undefined {
  if (type === 'Timeout') {
    if (!site && Number.isNaN(delay)) return undefined;
    const name = site?.text ?? (repeat ? 'setInterval' : 'setTimeout');
    // The delay as written when it is a number there (`setTimeout(f, 0)`: Node waits 1 ms).
    const written = site && TIMER_CALL.test(site.text) ? site.args?.[1] : undefined;
    const d = written !== undefined && /^\d+(\.\d+)?$/.test(written) ? written : Number.isNaN(delay) ? '' : ms(delay);
    return d ? `${name} ${d} ms` : name;
  }
  if (!site) return undefined;
  const first = site.args?.[0];
  return first ? `${site.text} ${first}` : site.text;
}

/** Sets a callback span's origin fields (a span of a resource with no recorded origin keeps none). */
export function applyOrigin(sp: Span, type: string, o: Origin, calls: SiteTable['calls']): void {
  const site = o.site >= 0 ? calls?.[o.site] : undefined;
  const caller = o.caller >= 0 ? calls?.[o.caller] : undefined;
  if (site) {
    sp.line = site.line;
    sp.col = site.col;
    // `async-viz run`: the site's own file (a project's call sites are in several).
    if (site.file) sp.file = site.file;
    // (A caller on the same line number of another file is another line.)
    if (caller && (caller.line !== site.line || caller.file !== site.file)) {
      sp.callerLine = caller.line;
      sp.callerCol = caller.col;
    }
  }
  const repeat = o.delay < 0;
  const delay = Math.abs(o.delay);
  if (!Number.isNaN(o.delay)) {
    sp.delay = delay;
    if (repeat) sp.repeat = true;
  }
  const detail = operationDetail(type, site, delay, repeat);
  if (detail !== undefined) sp.detail = detail;
}
