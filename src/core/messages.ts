/**
 * The messages between a client and a server (lesson 10), and which way each one went: client →
 * server or server → client. Read from what the recorder really saw, never from the program's
 * words, so the directions stay true whatever the program prints:
 *
 * - WebSocket (the `ws` package): each message arrives as one `message` emit on a `WebSocket` at
 *   the receiving end (ws's `Receiver` emits `message` first; skipped, so each counts once). Both
 *   ends are `WebSocket`s, so the emit alone does not say which end it was. The socket does: a
 *   client's socket is the one whose HTTP upgrade came back to it (`upgrade` on a `ClientRequest`,
 *   inside a callback of that socket's TCP handle), a server gets its upgrade as `upgrade` on the
 *   `Server`. So a `message` inside a callback of a client's handle (same lane, same async id) was
 *   received by the client (server → client); any other was received by a server. The sending end
 *   is not recorded (`send` writes to the socket synchronously: no event), so these have
 *   `received` only.
 * - HTTP (polling with `fetch` against an `http` server): a request is client → server, sent when
 *   the client's `await fetch(...)` began and received at the `request` emit on the `Server`; its
 *   response is server → client, sent at the `finish` emit on the `ServerResponse` (handed to the
 *   OS) and received when that `await fetch(...)` resumed (headers in). Both ends are recorded.
 *   The client's k-th fetch is paired with the server's k-th request: exact for requests one at a
 *   time (the lesson's polls), a guess in order when several overlap.
 */
import type { ConsoleEvent, EmitEvent, AwaitEvent, Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';

export const DIRECTIONS = ['toServer', 'toClient'] as const;
/** `toServer`: client → server; `toClient`: server → client. */
export type Direction = (typeof DIRECTIONS)[number];

/** What carried a message: a WebSocket frame, an HTTP request or its response. */
export type MessageKind = 'ws' | 'request' | 'response';

/** One message between a client and a server. */
export interface Message {
  dir: Direction;
  kind: MessageKind;
  /** 1-based, in order of arrival within its direction and kind. */
  n: number;
  /** When the sending end handed it over, ms since run start; absent when the trace does not show it. */
  sent?: number;
  /** When the receiving end got it; absent when it had not arrived by the end of the recording. */
  received?: number;
  /** The user line that sent it, when known (the line of the `await fetch(...)`). */
  line?: number;
  /** The first line the receiving callback printed after it arrived (the program's own words on which message it was). */
  said?: string;
}

/** ws's message-carrying class, and the Node classes of an HTTP upgrade on either side. */
const WS_EMITTER = 'WebSocket';
const CLIENT_REQUEST = 'ClientRequest';
const HTTP_SERVER = 'Server';
const SERVER_RESPONSE = 'ServerResponse';
/** A `fetch(` call as the awaited expression (not `(await fetch(...)).json()`, which awaits the body). */
const FETCH_CALL = /^fetch\(/;

/** The messages in the trace: the WebSocket ones, then the HTTP ones, each in time order. Empty when there are none. */
export function messages(trace: Trace | ColumnarTrace): Message[] {
  const data = columnar(trace);
  const at = callbackAt(data);
  const clientHandles = new Set<string>();
  const wsEmits: { e: EmitEvent; span: number }[] = [];
  const serverRequests: number[] = [];
  const responsesSent: number[] = [];
  const fetches: { sent: number; line: number; received?: number; key: string }[] = [];
  const openFetch = new Map<string, number[]>();
  for (const e of data.events) {
    if (e.kind === 'emit') {
      if (e.name === 'upgrade' && e.emitter === CLIENT_REQUEST) {
        const s = at(e.lane, e.t);
        if (s >= 0) clientHandles.add(handleKey(data, s));
      } else if (e.name === 'message' && e.emitter === WS_EMITTER) wsEmits.push({ e, span: at(e.lane, e.t) });
      else if (e.name === 'request' && e.emitter === HTTP_SERVER) serverRequests.push(e.t);
      else if (e.name === 'finish' && e.emitter === SERVER_RESPONSE) responsesSent.push(e.t);
    } else if ((e.kind === 'suspend' || e.kind === 'resume') && FETCH_CALL.test(e.text)) {
      const key = awaitKey(e);
      if (e.kind === 'suspend') {
        const list = openFetch.get(key) ?? [];
        list.push(fetches.length);
        openFetch.set(key, list);
        fetches.push({ sent: e.t, line: e.line, key });
      } else {
        const i = openFetch.get(key)?.shift();
        if (i !== undefined) fetches[i].received = e.t;
      }
    }
  }
  const out: Message[] = [];
  const count = { toServer: 0, toClient: 0 };
  const printed = printedBySpan(data, new Set(wsEmits.map((w) => w.span)));
  // When the next message arrived in the same callback (a read can carry several).
  const nextInSpan: number[] = new Array(wsEmits.length);
  const seen = new Map<number, number>();
  for (let i = wsEmits.length - 1; i >= 0; i--) {
    nextInSpan[i] = seen.get(wsEmits[i].span) ?? Infinity;
    seen.set(wsEmits[i].span, wsEmits[i].e.t);
  }
  wsEmits.forEach(({ e, span }, i) => {
    const dir: Direction = span >= 0 && clientHandles.has(handleKey(data, span)) ? 'toClient' : 'toServer';
    // What the callback printed after this message and before the next one in it.
    const next = nextInSpan[i];
    const said = printed.get(span)?.find((c) => c.t >= e.t && c.t < next)?.text.split('\n')[0];
    out.push({ dir, kind: 'ws', n: ++count[dir], received: e.t, said });
  });
  const requests = Math.max(fetches.length, serverRequests.length);
  for (let k = 0; k < requests; k++) {
    const f = fetches[k];
    out.push({ dir: 'toServer', kind: 'request', n: k + 1, sent: f?.sent, received: serverRequests[k], line: f?.line });
  }
  for (let k = 0; k < Math.max(requests, responsesSent.length); k++) {
    const f = fetches[k];
    if (responsesSent[k] === undefined && f?.received === undefined) continue; // not answered in the recording
    out.push({ dir: 'toClient', kind: 'response', n: k + 1, sent: responsesSent[k], received: f?.received, line: f?.line });
  }
  return out;
}

/** How many messages went each way. */
export function countByDirection(list: Message[]): Record<Direction, number> {
  const c = { toServer: 0, toClient: 0 };
  for (const m of list) c[m.dir]++;
  return c;
}

/** A TCP handle: its lane and Node's async id (async ids are per thread and process). */
const handleKey = (data: ColumnarTrace, span: number): string => `${data.spans.lane[span]}:${data.spans.asyncId[span]}`;

/** One await site in one async call: its suspend and its resume share it. */
const awaitKey = (e: AwaitEvent): string => `${e.lane}:${e.call}:${e.line}:${e.col}`;

/**
 * The top-level callback running on `lane` at time `t` (the outermost span, an await's wait
 * excluded), or -1. Top-level callbacks on one lane do not overlap, so it is the last one that
 * began at or before `t`, if it had not ended yet.
 */
function callbackAt(data: ColumnarTrace): (lane: number, t: number) => number {
  const T = data.spans;
  const byLane = new Map<number, number[]>();
  const build = (lane: number): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < T.n; i++) if (T.lane[i] === lane && T.parent[i] < 0 && T.kind[i] !== KIND.await) ids.push(i);
    return ids.sort((a, b) => T.start[a] - T.start[b]);
  };
  return (lane, t) => {
    let ids = byLane.get(lane);
    if (!ids) byLane.set(lane, (ids = build(lane)));
    let lo = 0, hi = ids.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (T.start[ids[mid]] <= t) { found = ids[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found >= 0 && T.end[found] >= t ? found : -1;
  };
}

/** The output written inside each of `spans`, in order. */
function printedBySpan(data: ColumnarTrace, spans: Set<number>): Map<number, ConsoleEvent[]> {
  const out = new Map<number, ConsoleEvent[]>();
  for (const e of data.events) {
    if (e.kind !== 'console' || e.span === undefined || !spans.has(e.span)) continue;
    const list = out.get(e.span) ?? [];
    list.push(e);
    out.set(e.span, list);
  }
  return out;
}
