// Lesson 8 · the same job queue with a real broker: Redis (as Celery uses it).
// Needs a Redis server on localhost:6379 (Debian/Ubuntu: `apt-get install redis-server`, then
// `redis-server`). It says plainly whether one was reachable; without one, it stops there. It speaks Redis's protocol with
// node:net directly, so no npm package is needed.
import net from 'node:net';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A minimal Redis client: sends one command, reads one reply (enough for LPUSH/BRPOP/DEL). */
function redis(): Promise<{ cmd: (...args: string[]) => Promise<unknown>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(6379, '127.0.0.1');
    const waiting: ((v: unknown) => void)[] = [];
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      const reply = parse(buf);
      if (reply) { buf = buf.slice(reply.used); waiting.shift()?.(reply.value); }
    });
    sock.once('error', reject);
    sock.once('connect', () => resolve({
      cmd: (...args) => new Promise((res) => { waiting.push(res); sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`); }),
      close: () => sock.end(),
    }));
  });
}
/** Parses one RESP reply of the kinds used here: +OK, :1, $len string, *n array of strings, *-1 null. */
function parse(s: string): { value: unknown; used: number } | null {
  const end = s.indexOf('\r\n');
  if (end < 0) return null;
  const head = s.slice(1, end);
  if (s[0] === '+' || s[0] === ':' || s[0] === '-') return { value: head, used: end + 2 };
  if (s[0] === '*' && head === '-1') return { value: null, used: end + 2 };
  if (s[0] === '*') {
    const items: string[] = [];
    let at = end + 2;
    for (let i = 0; i < Number(head); i++) {
      const e = s.indexOf('\r\n', at);
      if (e < 0) return null;
      const len = Number(s.slice(at + 1, e));
      if (s.length < e + 2 + len + 2) return null;
      items.push(s.slice(e + 2, e + 2 + len));
      at = e + 2 + len + 2;
    }
    return { value: items, used: at };
  }
  return null;
}

const client = await redis().catch(() => null);
if (!client) {
  console.log('No Redis server is reachable on localhost:6379, so this variant cannot run.');
  console.log('Start one (for instance `apt-get install redis-server && redis-server`) and run it again,');
  console.log('or run jobs.ts, the same lesson without a broker.');
} else if (process.argv[2] === 'worker') {
  for (let done = 0; done < 3; done++) {
    const [, id] = (await client.cmd('BRPOP', 'async-viz:jobs', '5')) as [string, string];
    console.log(`worker: job ${id} running`);
    await new Promise((r) => setTimeout(r, 100)); // the job's work
    console.log(`worker: job ${id} done`);
  }
  client.close();
} else {
  console.log('A Redis server is reachable on localhost:6379: it is the broker between the producer and the worker.');
  await client.cmd('DEL', 'async-viz:jobs');
  const worker = fork(fileURLToPath(import.meta.url), ['worker']);
  for (const id of ['1', '2', '3']) {
    await client.cmd('LPUSH', 'async-viz:jobs', id); // enqueue: returns as soon as Redis has it
    console.log(`producer: job ${id} queued`);
  }
  console.log('producer: done, the worker takes it from here');
  client.close();
  worker.on('exit', () => console.log('worker finished all jobs'));
}
