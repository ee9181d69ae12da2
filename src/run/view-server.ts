/**
 * `show` without a file to write: the timeline served by a local HTTP server, for traces too big
 * to be a comfortable self-contained page. It listens on 127.0.0.1 only, on a free port, under a
 * random unguessable path; it answers only GET and HEAD of the page and of each trace's .avtrace
 * bytes (the page fetches them from its own origin: no base64, no page-sized JSON text), refuses
 * a Host other than its own (DNS rebinding), and sends the page's strict CSP (nonce, nothing
 * remote, `connect-src 'self'`) as a header too, with no caching, no sniffing, no framing.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ShowBundle } from '../core/show';
import { viewPayload } from './view-payload';
import { pageCsp, pageNonce, servedHtml } from './html';

export interface ViewServer {
  /** The page's address: http://127.0.0.1:PORT/TOKEN/ */
  url: string;
  close(): Promise<void>;
}

const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Serves the bundle's view until closed. */
export async function startViewServer(bundle: ShowBundle): Promise<ViewServer> {
  const payload = viewPayload(bundle, { bytes: true });
  const traces = payload.traces as Uint8Array[];
  const nonce = pageNonce();
  const html = Buffer.from(servedHtml(bundle, payload, nonce), 'utf8');
  const base = `/${randomBytes(16).toString('hex')}/`;
  const csp = `${pageCsp(nonce, true)}; frame-ancestors 'none'`;
  let port = 0;

  const server = http.createServer((req, res) => {
    const reply = (status: number, type: string, body: Uint8Array | string, extra: Record<string, string> = {}): void => {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.length), ...extra });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return reply(421, 'text/plain; charset=utf-8', 'wrong host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    const url = (req.url ?? '').split('?')[0];
    if (url === base) return reply(200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': csp });
    const m = url.startsWith(base) ? /^trace-(\d)\.avtrace$/.exec(url.slice(base.length)) : null;
    const bytes = m ? traces[Number(m[1])] : undefined;
    if (bytes) return reply(200, 'application/octet-stream', bytes);
    return reply(404, 'text/plain; charset=utf-8', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
