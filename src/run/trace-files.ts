/**
 * Saved traces, read and written: an .avtrace file (known by its signature, whatever its name) or
 * a trace .json (docs/trace-format.md), read into a trace the analyses and the view take; and the
 * trace's JSON and its Chrome export written as streams (the core's pieces through a FileSink),
 * so a trace of millions of spans never becomes one string. Every way reading fails is one
 * sentence (TraceFileError) naming the file as the user gave it.
 */
import { openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import type { Trace } from '../core/trace';
import type { ColumnarTrace } from '../core/columns/table';
import { isTrace } from '../core/protocol';
import { AvtraceError, isAvtrace } from '../core/avtrace/format';
import { traceJsonText } from '../core/trace-json';
import { chromeTraceText } from '../core/chrome-trace';
import { readAvtrace, readAvtraceBytes, writeAvtrace } from './avtrace-file';
import { writeChunks } from './file-sink';

/** A saved trace that cannot be read; the message is one sentence for the user. */
export class TraceFileError extends Error {}

export interface LoadedTrace {
  trace: Trace | ColumnarTrace;
  /** What was odd but still read (a file cut off). */
  warnings: string[];
}

/** Names that are saved traces rather than programs to run. */
export const isTraceFileName = (file: string): boolean => /\.(avtrace|json)$/i.test(file);

/** JSON traces above this size are refused with a pointer to .avtrace (V8 cannot hold the text). */
const MAX_JSON_BYTES = 500 * 1024 * 1024;

function firstBytes(file: string, n: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const b = new Uint8Array(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** True when the file exists and begins with the .avtrace signature (whatever its name). */
export function isAvtraceFile(file: string): boolean {
  try {
    return statSync(file).isFile() && isAvtrace(firstBytes(file, 8));
  } catch {
    return false;
  }
}

/** Checks the file exists and is a file; the message names it as `shown`. */
function checkFile(file: string, shown: string): number {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TraceFileError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot be read (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new TraceFileError(`${shown} is a directory, not a trace file`);
  return st.size;
}

/** A trace from the text of a trace .json. */
export function parseTraceJson(text: string, shown: string): Trace {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TraceFileError(`${shown} is not JSON: ${(e as Error).message}`);
  }
  if (!isTrace(data)) throw new TraceFileError(`${shown} is not an Async Viz trace (version 1, with meta, lanes, spans, asyncCalls, events and blocked)`);
  return data;
}

/** Reads a saved trace: an .avtrace file, else a trace .json. */
export async function loadTrace(file: string, shown = file): Promise<LoadedTrace> {
  const size = checkFile(file, shown);
  try {
    if (isAvtrace(firstBytes(file, 8))) {
      const got = await readAvtrace(file, shown);
      return { trace: got.trace, warnings: got.warnings };
    }
  } catch (e) {
    if (e instanceof AvtraceError) throw new TraceFileError(e.message);
    throw new TraceFileError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (/\.avtrace$/i.test(file)) throw new TraceFileError(`${shown} is not an .avtrace file (it does not begin with the .avtrace signature)`);
  if (size > MAX_JSON_BYTES) throw new TraceFileError(`${shown} is ${Math.round(size / 1e6)} MB of JSON, more than can be read as one text; save the trace as .avtrace (--avtrace) instead`);
  return { trace: parseTraceJson(readFileSync(file, 'utf8'), shown), warnings: [] };
}

/** A saved trace from its bytes (a file read by VS Code's file system): .avtrace or JSON. */
export async function traceFromBytes(bytes: Uint8Array, shown: string): Promise<LoadedTrace> {
  if (isAvtrace(bytes)) {
    try {
      const got = await readAvtraceBytes(bytes, shown);
      return { trace: got.trace, warnings: got.warnings };
    } catch (e) {
      throw e instanceof AvtraceError ? new TraceFileError(e.message) : e;
    }
  }
  if (/\.avtrace$/i.test(shown)) throw new TraceFileError(`${shown} is not an .avtrace file (it does not begin with the .avtrace signature)`);
  if (bytes.length > MAX_JSON_BYTES) throw new TraceFileError(`${shown} is ${Math.round(bytes.length / 1e6)} MB of JSON, more than can be read as one text; save the trace as .avtrace instead`);
  return { trace: parseTraceJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), shown), warnings: [] };
}

/** Writes the trace's JSON, streamed; returns the bytes written. */
export const writeTraceJson = (file: string, trace: Trace | ColumnarTrace): Promise<number> => writeChunks(file, traceJsonText(trace));

/** Writes the Chrome Trace Event JSON, streamed; returns the bytes written. */
export const writeChromeTrace = (file: string, trace: Trace | ColumnarTrace): Promise<number> => writeChunks(file, chromeTraceText(trace));

export { writeAvtrace };
