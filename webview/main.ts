/**
 * Entry of the webview bundle. Boots from the embedded JSON (standalone HTML) or from the host's
 * `show` message (VS Code, after the `ready` handshake). Every message is validated first.
 */
import { PROTOCOL_VERSION, parseHostMessage, type ShowMessage } from '../src/core/protocol';
import { detectHost, embeddedPayload } from './host';
import { App } from './app';

const host = detectHost();
const app = new App(document.getElementById('app') ?? document.body, host);

function show(raw: unknown): void {
  const msg = parseHostMessage(raw);
  if (!msg) { app.showStatus('error', 'badTrace'); return; }
  if (msg.type === 'status') app.showStatusText(msg.state, msg.text);
  else app.show(msg as ShowMessage);
}

if (host.inVsCode) {
  window.addEventListener('message', (e: MessageEvent) => show(e.data));
  app.showStatus('idle', 'loading');
  host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
} else {
  const data = embeddedPayload();
  if (data && typeof data === 'object') show({ type: 'show', protocol: PROTOCOL_VERSION, ...(data as object) });
  else app.showStatus('idle', 'loading');
}
