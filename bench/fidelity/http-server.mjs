// A local HTTP server for the fidelity pairs: every answer comes 25 ms after the request.
import http from 'node:http';
export async function withServer(run) {
  const server = http.createServer((req, res) => setTimeout(() => res.end(`ok ${req.url}`), 25));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    return await run(base);
  } finally {
    server.close();
  }
}
export const get = (url) => new Promise((resolve, reject) => {
  http.get(url, { agent: false }, (res) => { let body = ''; res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve(body)); }).on('error', reject);
});
