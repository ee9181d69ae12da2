// Lesson 9 · An async request handler (like an async Django view).
// While one request waits for its (pretend) database, the server takes the next one: the three
// requests overlap and all are answered after ≈ 200 ms. Compare with blocking-handler.ts.
import http from 'node:http';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const server = http.createServer(async (req, res) => {
  await sleep(200); // e.g. an async DB query: the server stays free
  res.end(`hello from ${req.url}`);
});

server.listen(0, async () => {
  const { port } = server.address() as { port: number };
  const started = Date.now();
  const replies = await Promise.all(['/a', '/b', '/c'].map((p) => fetch(`http://127.0.0.1:${port}${p}`).then((r) => r.text())));
  console.log(replies.join(' | '), `in ${Date.now() - started} ms`);
  server.close();
});
