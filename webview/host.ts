/**
 * Where the front end runs: inside a VS Code webview (acquireVsCodeApi exists; the payload comes
 * in a `show` message after we send `ready`) or in the CLI's standalone HTML (the same payload is
 * embedded as JSON in <script type="application/json" id="async-viz-data">; nothing is sent anywhere).
 */
import type { WebviewToHost, ViewState } from '../src/core/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}

export interface Host {
  readonly inVsCode: boolean;
  post(msg: WebviewToHost): void;
  saveState(s: ViewState): void;
}

export function detectHost(): Host {
  const g = globalThis as unknown as { acquireVsCodeApi?: () => VsCodeApi };
  if (typeof g.acquireVsCodeApi === 'function') {
    const api = g.acquireVsCodeApi();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return {
      inVsCode: true,
      post: (m) => api.postMessage(m),
      saveState: (s) => {
        api.setState(s);
        // Debounced: the domain changes on every zoom frame.
        clearTimeout(timer);
        timer = setTimeout(() => api.postMessage({ type: 'state', state: s } satisfies WebviewToHost), 300);
      },
    };
  }
  return { inVsCode: false, post: () => undefined, saveState: () => undefined };
}

/** The embedded payload of the standalone HTML, or undefined. */
export function embeddedPayload(): unknown {
  const node = document.getElementById('async-viz-data');
  if (!node?.textContent) return undefined;
  try {
    return JSON.parse(node.textContent);
  } catch {
    return undefined;
  }
}
