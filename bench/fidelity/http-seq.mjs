// Fidelity pair: 12 requests to a local server, one after another.
import { get, withServer } from './http-server.mjs';
await withServer(async (base) => {
  let n = 0;
  for (let i = 0; i < 12; i++) n += (await get(`${base}/${i}`)).length;
  console.log(n);
});
