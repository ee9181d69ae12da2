/**
 * Lanes: lane 0 is the entry process's main thread, the others follow by when they started; each
 * gets a label that says what it is (`worker #1 (crunch.js)`, `process 4242 (child.js)`) and the
 * lane that created it. A worker or child running the user's own file shows the user's file name.
 */
import type { Lane } from '../trace';
import { baseName, isRunFile } from '../locations';

/** A thread as the builder first sees it (internal index = position in the builder's list). */
export interface LaneRec {
  stream: number;
  tid: number;
  pid: number;
  kind: Lane['kind'];
  /** Script of a worker (thread event label). */
  script?: string;
  /** The worker's `name` option. */
  name?: string;
  parentTid?: number;
  /** First and last event time (absolute ms). */
  first: number;
  last: number;
  /** Something on it never ended: it lasts to the trace end. */
  hasOpen: boolean;
}

/** A process's `hello`, with the internal lane of its main thread. */
export interface HelloRec {
  pid: number;
  ppid: number;
  argv: string[];
  nodeVersion: string;
  lane: number;
}

export interface LaneContext {
  /** Absolute ms → ms since run start. */
  rel: (t: number) => number;
  durationMs: number;
  /** childPid → the lane (internal) that spawned it and the command. */
  spawns: Map<number, { lane: number; command: string }>;
  hellos: HelloRec[];
  /** The user's file and the run file (a worker or child running the run file is named after the user's file). */
  file: string;
  runFile?: string;
}

/** `node child.js a b` → `child.js`; `sleep 5` → `sleep`. */
function commandName(command: string): string | undefined {
  const parts = command.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return undefined;
  const first = baseName(parts[0]);
  if (/^node(\.exe)?$/i.test(first)) {
    // `node -e code` / `node -p code`: the code is no file name.
    const args = parts.slice(1);
    const evalAt = args.findIndex((p) => p === '-e' || p === '-p' || p === '--eval' || p === '--print');
    const script = args.find((p, i) => !p.startsWith('-') && (evalAt < 0 || i < evalAt));
    return script ? baseName(script) : evalAt >= 0 ? '[eval]' : first;
  }
  return first;
}

/**
 * The trace's lanes (in order) and the internal → lane id map. `entry` is the internal index of
 * the entry main thread (the caller adds a record for it when the entry stream was empty).
 */
export function orderLanes(lanes: LaneRec[], entry: number, ctx: LaneContext): { lanes: Lane[]; laneId: Int32Array } {
  const laneOrder = lanes.map((_, i) => i);
  laneOrder.sort((a, b) => (a === entry ? -1 : b === entry ? 1 : lanes[a].first - lanes[b].first || a - b));
  const laneId = new Int32Array(lanes.length);
  laneOrder.forEach((internal, id) => (laneId[internal] = id));
  const mainOf = (stream: number) => lanes.findIndex((l) => l.stream === stream && l.tid === 0);
  const userName = baseName(ctx.file);
  const scriptName = (s: string | undefined) => (s === undefined ? undefined : isRunFile(s, ctx.runFile) ? userName : baseName(s));
  const out = laneOrder.map((internal, id) => {
    const l = lanes[internal];
    const lane: Lane = { id, kind: l.kind, label: '', pid: l.pid, threadId: l.tid, start: ctx.rel(l.first), end: l.hasOpen ? ctx.durationMs : ctx.rel(l.last) };
    if (l.kind === 'main') {
      lane.label = 'main';
    } else if (l.kind === 'worker') {
      const parent = lanes.findIndex((p) => p.stream === l.stream && p.tid === (l.parentTid ?? 0));
      lane.parent = laneId[parent >= 0 ? parent : mainOf(l.stream)] ?? 0;
      // A worker's own name (the `name` option) first; its script in parentheses, unless it is code given as a string.
      const script = l.script === '[eval]' ? undefined : scriptName(l.script);
      const name = l.name ? `${l.name}${script ? ` (${script})` : ''}` : script ? `(${script})` : l.script ? `(${l.script})` : '';
      lane.label = `worker #${l.tid}${name ? ` ${name}` : ''}${l.stream !== 0 ? ` in process ${l.pid}` : ''}`;
    } else {
      const spawn = ctx.spawns.get(l.pid);
      const hello = ctx.hellos.find((h) => h.pid === l.pid);
      let parent = spawn?.lane;
      if (parent === undefined && hello) {
        const p = ctx.hellos.find((h) => h.pid === hello.ppid);
        if (p) parent = p.lane;
      }
      lane.parent = parent !== undefined ? laneId[parent] : 0;
      const name = scriptName(hello?.argv[1]) ?? (spawn ? commandName(spawn.command) : undefined);
      lane.label = `process ${l.pid}${name ? ` (${name})` : ''}`;
    }
    if (lane.end < lane.start) lane.end = lane.start;
    return lane;
  });
  return { lanes: out, laneId };
}
