/**
 * Facts about async resources of one thread, indexed by async id. Async ids are small counters
 * per thread, so growable typed arrays hold them without a Map entry (and garbage) per resource;
 * an id beyond the array limit falls back to a Map.
 */
const LIMIT = 1 << 25;

interface Row {
  init: number;
  trigger: number;
  lastRun: number;
  type: number;
  site: number;
  caller: number;
  delay: number;
}

/** Where a resource came from: call sites (-1 = none) and a timer's delay (NaN = none; negative = an interval's). */
export interface Origin {
  site: number;
  caller: number;
  delay: number;
}

export class IdTable {
  private init = new Float64Array(1024).fill(NaN);
  private trigger = new Int32Array(1024).fill(-1);
  private lastRun = new Int32Array(1024).fill(-1);
  private type = new Int32Array(1024).fill(-1);
  private site = new Int32Array(1024).fill(-1);
  private caller = new Int32Array(1024).fill(-1);
  private delay = new Float64Array(1024).fill(NaN);
  private far = new Map<number, Row>();
  private readonly typeNames: string[] = [];
  private readonly typeIndex = new Map<string, number>();

  private ensure(id: number): boolean {
    if (id < 0 || id >= LIMIT || !Number.isInteger(id)) return false;
    if (id >= this.init.length) {
      let n = this.init.length;
      while (n <= id) n *= 2;
      const grow = <A extends Float64Array | Int32Array>(a: A, fill: number): A => {
        const b = new (a.constructor as new (n: number) => A)(n);
        b.fill(fill);
        b.set(a);
        return b;
      };
      this.init = grow(this.init, NaN);
      this.trigger = grow(this.trigger, -1);
      this.lastRun = grow(this.lastRun, -1);
      this.type = grow(this.type, -1);
      this.site = grow(this.site, -1);
      this.caller = grow(this.caller, -1);
      this.delay = grow(this.delay, NaN);
    }
    return true;
  }

  private row(id: number): Row {
    let r = this.far.get(id);
    if (!r) this.far.set(id, (r = { init: NaN, trigger: -1, lastRun: -1, type: -1, site: -1, caller: -1, delay: NaN }));
    return r;
  }

  /** Records a resource's creation: its type, when, and the span that created it (-1 if none). */
  setInit(id: number, type: string, t: number, trigger: number): void {
    let ti = this.typeIndex.get(type);
    if (ti === undefined) {
      ti = this.typeNames.length;
      this.typeNames.push(type);
      this.typeIndex.set(type, ti);
    }
    if (this.ensure(id)) {
      this.init[id] = t;
      this.trigger[id] = trigger;
      this.type[id] = ti;
    } else Object.assign(this.row(id), { init: t, trigger, type: ti });
  }

  /** Records where it came from (set after setInit). */
  setOrigin(id: number, o: Origin): void {
    if (this.ensure(id)) {
      this.site[id] = o.site;
      this.caller[id] = o.caller;
      this.delay[id] = o.delay;
    } else Object.assign(this.row(id), o);
  }

  /** Where it came from; `out` is filled and returned (no object per call). */
  originOf(id: number, out: Origin): Origin {
    if (id >= 0 && id < this.site.length) {
      out.site = this.site[id];
      out.caller = this.caller[id];
      out.delay = this.delay[id];
    } else {
      const r = this.far.get(id);
      out.site = r?.site ?? -1;
      out.caller = r?.caller ?? -1;
      out.delay = r?.delay ?? NaN;
    }
    return out;
  }

  typeOf(id: number): string | undefined {
    const ti = id >= 0 && id < this.type.length ? this.type[id] : (this.far.get(id)?.type ?? -1);
    return ti >= 0 ? this.typeNames[ti] : undefined;
  }

  /** Creation time (absolute ms), or undefined. */
  initOf(id: number): number | undefined {
    const v = id >= 0 && id < this.init.length ? this.init[id] : (this.far.get(id)?.init ?? NaN);
    return Number.isNaN(v) ? undefined : v;
  }

  /** Span that created it, or -1. */
  triggerOf(id: number): number {
    return id >= 0 && id < this.trigger.length ? this.trigger[id] : (this.far.get(id)?.trigger ?? -1);
  }

  /** Latest span of its callback, or -1. */
  lastRunOf(id: number): number {
    return id >= 0 && id < this.lastRun.length ? this.lastRun[id] : (this.far.get(id)?.lastRun ?? -1);
  }

  setLastRun(id: number, span: number): void {
    if (this.ensure(id)) this.lastRun[id] = span;
    else this.row(id).lastRun = span;
  }
}
