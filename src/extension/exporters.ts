/** The export formats the extension offers. */
import * as vscode from 'vscode';
import type { ShowBundle } from '../core/show';
import { chromeTraceText } from '../core/chrome-trace';
import { traceJsonText } from '../core/trace-json';
import { renderHtml } from '../run/html';
import { avtraceBytesOf } from '../run/avtrace-file';

export type ExportFormat = 'avtrace' | 'json' | 'chrome' | 'html';

export interface Exporter {
  format: ExportFormat;
  label: string;
  description: string;
  /** File name ending, with the dot. */
  suffix: string;
  /**
   * The file's content for what is shown, in pieces (written one after another, never joined for
   * a local file). The trace files hold the main trace; the HTML page keeps compare mode, the
   * note and the prediction.
   */
  render(bundle: ShowBundle): Iterable<string | Uint8Array>;
}

export function exporters(): Exporter[] {
  return [
    { format: 'avtrace', label: vscode.l10n.t('Async Viz trace (.avtrace, compact)'), description: '.avtrace', suffix: '.avtrace', render: (b) => [avtraceBytesOf(b.trace)] },
    { format: 'json', label: vscode.l10n.t('Async Viz trace (JSON)'), description: '.trace.json', suffix: '.trace.json', render: (b) => traceJsonText(b.trace) },
    { format: 'chrome', label: vscode.l10n.t('Chrome trace (Perfetto)'), description: '.chrome-trace.json', suffix: '.chrome-trace.json', render: (b) => chromeTraceText(b.trace) },
    { format: 'html', label: vscode.l10n.t('Standalone HTML page'), description: '.html', suffix: '.html', render: (b) => [renderHtml(b)] },
  ];
}
