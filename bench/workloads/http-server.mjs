// An I/O-bound HTTP server for bench/server.bench.ts: each request awaits a small async step (as a
// handler that reads a cache would) and answers a short JSON body. It prints its port, then serves
// until it is stopped.
import http from 'node:http';

// For counting instructions per request (bench/server-cpu.bench.ts): exit after this many responses.
const limit = Number(process.env.REQUESTS || 0);
let served = 0;
const cache = new Map([['greeting', 'hello']]);

async function lookup(key) {
  await null;
  return cache.get(key);
}

async function handler(req, res) {
  const value = await lookup('greeting');
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ value, url: req.url }));
  if (++served === limit) setTimeout(() => process.exit(0), 50);
}

const server = http.createServer((req, res) => {
  handler(req, res);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${server.address().port}`);
});
// For profiling (`node --cpu-prof` writes its profile at exit): serve this long, then exit.
if (process.env.SERVE_MS) setTimeout(() => process.exit(0), Number(process.env.SERVE_MS)).unref();
