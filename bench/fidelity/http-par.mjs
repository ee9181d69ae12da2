// Fidelity pair: the same 12 requests, all at once.
import { get, withServer } from './http-server.mjs';
await withServer(async (base) => {
  const bodies = await Promise.all(Array.from({ length: 12 }, (_, i) => get(`${base}/${i}`)));
  console.log(bodies.reduce((n, b) => n + b.length, 0));
});
