/** The export formats the extension offers. */
import * as vscode from 'vscode';
import type { Trace } from '../core/trace';
import { toChromeTrace } from '../core/chrome-trace';
import { renderHtml } from '../run/html';

export type ExportFormat = 'json' | 'chrome' | 'html';

export interface Exporter {
  format: ExportFormat;
  label: string;
  description: string;
  /** File name ending, with the dot. */
  suffix: string;
  render(trace: Trace, extra: ExportExtra): string | Promise<string>;
}

/** What the panel shows besides the main trace (the HTML page keeps compare mode, the note, the Python bridge and the prediction). */
export interface ExportExtra {
  compare?: Trace;
  labels?: [string, string];
  note?: string;
  python?: string;
  predict?: boolean;
  locale?: string;
}

export function exporters(): Exporter[] {
  return [
    { format: 'json', label: vscode.l10n.t('Async Viz trace (JSON)'), description: '.trace.json', suffix: '.trace.json', render: (t) => JSON.stringify(t, null, 1) },
    { format: 'chrome', label: vscode.l10n.t('Chrome trace (Perfetto)'), description: '.chrome-trace.json', suffix: '.chrome-trace.json', render: (t) => JSON.stringify(toChromeTrace(t)) },
    { format: 'html', label: vscode.l10n.t('Standalone HTML page'), description: '.html', suffix: '.html', render: (t, x) => renderHtml({ trace: t, ...x }) },
  ];
}
