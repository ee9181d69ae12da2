/**
 * `meta.alive`: what still kept the entry process's main thread alive when the runner stopped
 * the run (the recorder's `alive` answer, see recorder/alive.ts), joined by async id with what the
 * streams say of each resource: when it was created (its `init`), how often its callback ran (its
 * spans: an interval's ticks, a server's connections) and the line that created it (the call
 * site its init names, else the line of its spans).
 */
import type { Span, StillAlive } from '../trace';
import type { AliveWireEvent, SiteTable, WireEvent } from '../wire';

type CallSite = NonNullable<SiteTable['calls']>[number];

/** Lane of the entry process's main thread, the one the answer is about. */
const ENTRY_LANE = 0;

type Item = AliveWireEvent['items'][number];

/** The trace's label of one item: what it is, with its parameters (English, like span labels). */
export function aliveLabel(i: Item): string {
  const d = i.detail;
  switch (i.kind) {
    case 'interval': return `setInterval every ${d} ms`;
    case 'timer': return `setTimeout ${d} ms`;
    case 'server': return d ? `server listening on ${d}` : 'server listening';
    case 'socket': return d ? `socket to ${d}` : 'socket';
    case 'child': return d ? `child process ${d}` : 'child process';
    case 'worker': return d ? `worker thread #${d}` : 'worker thread';
    case 'watcher': return 'file watcher';
    case 'other': return d || 'handle';
  }
}

/** meta.alive from the entry stream (`stream`) and the built spans; undefined when there was no answer or it was empty. */
export function stillAlive(stream: WireEvent[] | undefined, spans: Span[], rel: (t: number) => number, siteOf: (id: number) => CallSite | undefined = () => undefined): StillAlive[] | undefined {
  let answer: AliveWireEvent | undefined;
  for (const e of stream ?? []) if (e.k === 'alive' && e.tid === 0) answer = e;
  if (!answer || !answer.items.length) return undefined;
  const wanted = new Set(answer.items.map((i) => i.id).filter((id) => id > 0));
  const since = new Map<number, number>();
  const where = new Map<number, { line: number; col?: number }>();
  for (const e of stream ?? []) {
    if (e.k !== 'init' || e.tid !== 0 || !wanted.has(e.id) || since.has(e.id)) continue;
    since.set(e.id, rel(e.t));
    // A server that never had a connection has no span: the call that made it (`server.listen`,
    // through the address lookup that triggered the server's creation).
    const site = siteOf(e.id);
    if (site) where.set(e.id, { line: site.line, col: site.col });
  }
  const runs = new Map<number, number>();
  for (const s of spans) {
    if (s.lane !== ENTRY_LANE || s.asyncId === undefined || !wanted.has(s.asyncId)) continue;
    runs.set(s.asyncId, (runs.get(s.asyncId) ?? 0) + 1);
    if (s.line !== undefined && !where.has(s.asyncId)) where.set(s.asyncId, { line: s.line, col: s.col });
  }
  return answer.items.map((i): StillAlive => {
    const at = where.get(i.id);
    const from = since.get(i.id);
    const known = i.id > 0 && from !== undefined;
    return {
      kind: i.kind,
      lane: ENTRY_LANE,
      label: aliveLabel(i),
      ...(i.detail ? { detail: i.detail } : {}),
      ...(at ? { line: at.line, ...(at.col !== undefined ? { col: at.col } : {}) } : {}),
      ...(known ? { since: from, runs: runs.get(i.id) ?? 0 } : {}),
    };
  });
}
