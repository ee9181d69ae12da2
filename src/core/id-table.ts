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
}

export class IdTable {
  private init = new Float64Array(1024).fill(NaN);
  private trigger = new Int32Array(1024).fill(-1);
  private lastRun = new Int32Array(1024).fill(-1);
  private type = new Int32Array(1024).fill(-1);
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
    }
    return true;
  }

  private row(id: number): Row {
    let r = this.far.get(id);
    if (!r) this.far.set(id, (r = { init: NaN, trigger: -1, lastRun: -1, type: -1 }));
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
