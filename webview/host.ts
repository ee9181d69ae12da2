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

/**
 * The embedded payload of the standalone HTML, or undefined. A served page (`data-fetch` on the
 * element: `async-viz show`'s local server) names its traces by address instead: they are fetched
 * from the page's own origin and put in their place as bytes.
 */
export async function embeddedPayload(): Promise<unknown> {
  const node = document.getElementById('async-viz-data');
  if (!node?.textContent) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(node.textContent);
  } catch {
    return undefined;
  }
  const p = data as { traces?: unknown };
  if (node.dataset.fetch === 'traces' && Array.isArray(p.traces)) {
    p.traces = await Promise.all(p.traces.map(async (url: unknown) => {
      // Same origin only: a relative address of the page's own folder.
      if (typeof url !== 'string' || !/^trace-\d\.avtrace$/.test(url)) return undefined;
      const r = await fetch(url, { credentials: 'omit' });
      return r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined;
    }));
  }
  return data;
}
