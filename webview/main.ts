/**
 * Entry of the webview bundle. Boots from the embedded JSON (standalone HTML) or from the host's
 * `show` message (VS Code, after the `ready` handshake). Every message is validated first.
 */
import { PROTOCOL_VERSION, parseHostMessage, type ShowMessage } from '../src/core/protocol';
import { detectHost, embeddedPayload } from './host';
import { App } from './app';
import { perf } from './perf';
import type { SpanTable } from '../src/core/columns/table';
import { isPackedSpans } from '../src/core/columns/format';
import { unpackSpans } from './unpack';

perf.mark('script');
const host = detectHost();
const app = new App(document.getElementById('app') ?? document.body, host);

function show(raw: unknown, tables: (SpanTable | undefined)[] = []): void {
  const msg = parseHostMessage(raw);
  if (!msg) { app.showStatus('error', 'badTrace'); return; }
  if (msg.type === 'status') app.showStatusText(msg.state, msg.text);
  else app.show(msg as ShowMessage, tables);
}

async function boot(): Promise<void> {
  if (host.inVsCode) {
    window.addEventListener('message', (e: MessageEvent) => show(e.data));
    app.showStatus('idle', 'loading');
    host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
    return;
  }
  const data = embeddedPayload() as { spanColumns?: unknown[] } | undefined;
  perf.mark('data');
  if (!data || typeof data !== 'object') { app.showStatus('idle', 'loading'); return; }
  const { spanColumns, ...rest } = data;
  let tables: (SpanTable | undefined)[] = [];
  if (Array.isArray(spanColumns)) {
    try {
      tables = await Promise.all(spanColumns.map((c) => (isPackedSpans(c) ? unpackSpans(c) : undefined)));
    } catch {
      app.showStatus('error', 'badTrace');
      return;
    }
    perf.mark('columns');
  }
  show({ type: 'show', protocol: PROTOCOL_VERSION, ...rest }, tables);
}

void boot();
