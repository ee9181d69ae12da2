// Lesson 9 · A blocking request handler (like a sync Django view on a single worker).
// Three requests arrive together, but each handler holds the main thread for 200 ms, so the
// server answers them one after another: the last client waits ≈ 600 ms.
// Compare with async-handler.ts.
import http from 'node:http';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // e.g. a sync DB driver
}

const server = http.createServer((req, res) => {
  sleepSync(200); // the whole server waits here
  res.end(`hello from ${req.url}`);
});

server.listen(0, async () => {
  const { port } = server.address() as { port: number };
  const started = Date.now();
  const replies = await Promise.all(['/a', '/b', '/c'].map((p) => fetch(`http://127.0.0.1:${port}${p}`).then((r) => r.text())));
  console.log(replies.join(' | '), `in ${Date.now() - started} ms`);
  server.close();
});
