/**
 * Entry of the webview bundle. Boots from the embedded JSON (standalone HTML) or from the host's
 * `show` message (VS Code, after the `ready` handshake). Every message is validated first.
 */
import { PROTOCOL_VERSION, parseHostMessage, type ShowMessage } from '../src/core/protocol';
import { detectHost, embeddedPayload } from './host';
import { App } from './app';
import { perf } from './perf';
import { tableFromColumns, type SpanColumns, type SpanTable } from './span-table';

perf.mark('script');
const host = detectHost();
const app = new App(document.getElementById('app') ?? document.body, host);

function show(raw: unknown, tables: (SpanTable | undefined)[] = []): void {
  const msg = parseHostMessage(raw);
  if (!msg) { app.showStatus('error', 'badTrace'); return; }
  if (msg.type === 'status') app.showStatusText(msg.state, msg.text);
  else app.show(msg as ShowMessage, tables);
}

function isColumns(v: unknown): v is SpanColumns {
  const c = v as SpanColumns;
  return !!c && c.v === 2 && typeof c.n === 'number' && typeof c.data === 'string' && Array.isArray(c.layout) && Array.isArray(c.labels);
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
      tables = await Promise.all(spanColumns.map((c) => (isColumns(c) ? tableFromColumns(c) : undefined)));
    } catch {
      app.showStatus('error', 'badTrace');
      return;
    }
    perf.mark('columns');
  }
  show({ type: 'show', protocol: PROTOCOL_VERSION, ...rest }, tables);
}

void boot();
