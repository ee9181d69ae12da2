// Lesson 10 · WebSockets (Django Channels). One long-lived connection; the server pushes news the
// moment it has some, and the client talks back on the same connection: messages both ways.
// Uses the `ws` package (npm install ws). Compare with polling.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let ws: typeof import('ws');
try {
  ws = require('ws');
} catch {
  console.log('This lesson needs the "ws" package: run `npm install ws` next to this file, then run it again.');
  process.exit(0);
}

const server = new ws.WebSocketServer({ port: 0 });
server.on('connection', (socket) => {
  let n = 0;
  const push = setInterval(() => socket.send(`news #${++n}`), 150); // server → client, unasked
  socket.on('message', (msg) => {
    console.log(`server got: ${msg}`); // client → server, same connection
    if (n === 3) { clearInterval(push); socket.close(); }
  });
});

server.on('listening', () => {
  const { port } = server.address() as { port: number };
  const client = new ws.WebSocket(`ws://127.0.0.1:${port}`);
  client.on('message', (msg) => {
    console.log(`client got: ${msg}`);
    client.send(`thanks for ${msg}`);
  });
  client.on('close', () => server.close());
});
