/** esbuild transform of the user's file (TS/JSX to JS in the chosen module format) with a source map. */
import * as path from 'node:path';
import { transform, type Loader, type TransformFailure } from 'esbuild';
import { SnippetSyntaxError } from '../types';
import type { ModuleFormat } from '../../core/trace';

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js',
};

/** esbuild loader for the file's extension (unknown extensions are treated as TypeScript, a superset). */
export function loaderFor(file: string): Loader {
  return LOADERS[path.extname(file).toLowerCase()] ?? 'ts';
}

export interface Transpiled {
  code: string;
  /** Source map JSON (v3) from esbuild output to the user's file. */
  map: string;
}

/** `banner`: a first line for the output (the source map counts it). */
export async function transpile(file: string, source: string, format: ModuleFormat, banner?: string): Promise<Transpiled> {
  try {
    const r = await transform(source, {
      ...(banner ? { banner } : {}),
      loader: loaderFor(file),
      format,
      target: 'node20',
      platform: 'node',
      sourcemap: 'external',
      sourcefile: file,
      sourcesContent: false,
      logLevel: 'silent',
    });
    return { code: r.code, map: r.map };
  } catch (e) {
    throw toSyntaxError(file, e);
  }
}

/** Converts an esbuild failure to SnippetSyntaxError (1-based line and UTF-16 column of the user's file). */
export function toSyntaxError(file: string, e: unknown): Error {
  const first = (e as Partial<TransformFailure>).errors?.[0];
  if (!first) return e instanceof Error ? e : new Error(String(e));
  const loc = first.location;
  if (!loc) return new SnippetSyntaxError(file, 1, 1, first.text);
  // esbuild columns count UTF-8 bytes.
  const col = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length;
  return new SnippetSyntaxError(file, loc.line, col + 1, first.text);
}
