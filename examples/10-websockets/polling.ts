// Lesson 10 · Polling over plain HTTP (request/response). The client asks "anything new?" every
// 100 ms; each question is a new request, and news waits until the next question.
// Compare with websocket.ts, where the server pushes over one open connection.
import http from 'node:http';

const news: string[] = [];
let sent = 0;
const server = http.createServer((req, res) => {
  res.end(JSON.stringify(news.splice(0))); // whatever arrived since the last poll
});
const push = setInterval(() => { news.push(`news #${++sent}`); if (sent === 3) clearInterval(push); }, 150);

server.listen(0, () => {
  const { port } = server.address() as { port: number };
  let received = 0;
  const poll = setInterval(async () => {
    const items = (await (await fetch(`http://127.0.0.1:${port}/poll`)).json()) as string[];
    for (const item of items) console.log(`client got ${item}`);
    received += items.length;
    if (received === 3) { clearInterval(poll); server.close(); }
  }, 100);
});
