/**
 * Entry of the webview bundle. Boots from the payload embedded in the standalone HTML or from the
 * host's `show` message (VS Code, after the `ready` handshake): the same payload either way
 * (src/core/show.ts), validated first, its traces read from their .avtrace bytes, then shown.
 */
import { PROTOCOL_VERSION, parseHostMessage } from '../src/core/protocol';
import { detectHost, embeddedPayload } from './host';
import { App } from './app';
import { perf } from './perf';
import { unpackTrace } from './unpack';
import { warmWhenIdle } from './warm';
import type { ColumnarTrace } from '../src/core/columns/table';

perf.mark('script');
const host = detectHost();
const app = new App(document.getElementById('app') ?? document.body, host);

async function show(raw: unknown): Promise<void> {
  const msg = parseHostMessage(raw);
  if (!msg) { app.showStatus('error', 'badTrace'); return; }
  if (msg.type === 'status') { app.showStatusText(msg.state, msg.text); return; }
  let traces: ColumnarTrace[];
  try {
    traces = await Promise.all(msg.traces.map(unpackTrace));
  } catch {
    app.showStatus('error', 'badTrace');
    return;
  }
  perf.mark('columns');
  app.show(msg, traces);
  warmWhenIdle(traces.map((t) => t.spans));
}

async function boot(): Promise<void> {
  if (host.inVsCode) {
    window.addEventListener('message', (e: MessageEvent) => void show(e.data));
    app.showStatus('idle', 'loading');
    host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
    return;
  }
  const data = await embeddedPayload().catch(() => undefined);
  perf.mark('data');
  if (!data || typeof data !== 'object') { app.showStatus('idle', 'loading'); return; }
  void show({ ...data, type: 'show', protocol: PROTOCOL_VERSION });
}

void boot();
