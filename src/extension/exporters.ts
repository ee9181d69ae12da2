/** The export formats the extension offers. */
import * as vscode from 'vscode';
import type { ShowBundle } from '../core/show';
import { toChromeTrace } from '../core/chrome-trace';
import { renderHtml } from '../run/html';

export type ExportFormat = 'json' | 'chrome' | 'html';

export interface Exporter {
  format: ExportFormat;
  label: string;
  description: string;
  /** File name ending, with the dot. */
  suffix: string;
  /** The file's text for what is shown (JSON and Chrome traces export the main trace; the HTML page keeps compare mode, the note and the prediction). */
  render(bundle: ShowBundle): string | Promise<string>;
}

export function exporters(): Exporter[] {
  return [
    { format: 'json', label: vscode.l10n.t('Async Viz trace (JSON)'), description: '.trace.json', suffix: '.trace.json', render: (b) => JSON.stringify(b.trace, null, 1) },
    { format: 'chrome', label: vscode.l10n.t('Chrome trace (Perfetto)'), description: '.chrome-trace.json', suffix: '.chrome-trace.json', render: (b) => JSON.stringify(toChromeTrace(b.trace)) },
    { format: 'html', label: vscode.l10n.t('Standalone HTML page'), description: '.html', suffix: '.html', render: (b) => renderHtml(b) },
  ];
}
