/**
 * The files the CLI writes for a trace, whether it was just recorded or opened again with `show`:
 * the trace's JSON, its .avtrace, its Chrome export (each streamed, never one string) and the
 * standalone HTML page of the bundle (the compared run, the note and the prediction included).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ShowBundle } from '../core/show';
import { writeAvtrace, writeChromeTrace, writeTraceJson } from '../run/trace-files';
import { writeChunks } from '../run/file-sink';
import { renderHtml } from '../run/html';
import { terminalSafe } from './terminal';

export interface OutputFiles {
  json?: string;
  avtrace?: string;
  chromeTrace?: string;
  html?: string;
}

/** A file that could not be written: one sentence. */
export class OutputError extends Error {}

/** True when at least one file is asked for. */
export const wantsFiles = (f: OutputFiles): boolean => !!(f.json || f.avtrace || f.chromeTrace || f.html);

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** Writes each file asked for (the JSON, .avtrace and Chrome files hold the main trace); says what it wrote unless quiet. */
export async function writeOutputs(files: OutputFiles, bundle: ShowBundle, quiet: boolean): Promise<void> {
  const jobs: [string | undefined, (file: string) => Promise<number>][] = [
    [files.json, (f) => writeTraceJson(f, bundle.trace)],
    [files.avtrace, (f) => writeAvtrace(f, bundle.trace)],
    [files.chromeTrace, (f) => writeChromeTrace(f, bundle.trace)],
    [files.html, (f) => writeChunks(f, [renderHtml(bundle)])],
  ];
  for (const [file, write] of jobs) {
    if (!file) continue;
    let bytes: number;
    try {
      bytes = await write(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputError(`cannot write ${file}: ${code ?? (e as Error).message}`);
    }
    if (!quiet) console.log(`  wrote ${terminalSafe(file)} (${size(bytes)})`);
  }
  if (files.html && !quiet) console.log(`  open it in a browser: ${pathToFileURL(path.resolve(files.html)).href}`);
}
