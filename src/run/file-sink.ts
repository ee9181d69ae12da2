/**
 * A file written piece by piece (the .avtrace, JSON and Chrome trace writers): small strings are
 * gathered into writes of about a megabyte, back-pressure is waited for, and a failure (a
 * folder that cannot be made, a file that cannot be opened, a full disk) rejects the next call
 * instead of leaving it waiting. Nothing here holds the whole file.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

/** Text is gathered up to this many characters before it is written. */
const GATHER = 1 << 20;

export class FileSink {
  private readonly out: WriteStream;
  private failure: Error | undefined;
  private readonly failed: Promise<never>;
  private text: string[] = [];
  private textLength = 0;
  /** Bytes handed to the file so far. */
  bytes = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.out = createWriteStream(file);
    this.failed = new Promise<never>((_, reject) => this.out.on('error', (e) => { this.failure ??= e; reject(e); }));
    this.failed.catch(() => undefined);
  }

  /** Appends bytes or text. */
  async write(chunk: Uint8Array | string): Promise<void> {
    if (this.failure) throw this.failure;
    if (typeof chunk === 'string') {
      this.text.push(chunk);
      this.textLength += chunk.length;
      if (this.textLength >= GATHER) await this.flushText();
      return;
    }
    await this.flushText();
    await this.put(chunk);
  }

  /** Writes what is gathered and closes the file. */
  async close(): Promise<void> {
    await this.flushText();
    if (this.failure) throw this.failure;
    if (!this.out.closed) {
      const closed = once(this.out, 'close');
      this.out.end();
      await Promise.race([closed, this.failed]);
    }
    const err = this.failure ?? this.out.errored;
    if (err) throw err;
  }

  /** Gives up: the file is closed as it is. */
  abort(): void {
    this.out.destroy();
  }

  private async flushText(): Promise<void> {
    if (!this.text.length) return;
    const s = this.text.join('');
    this.text = [];
    this.textLength = 0;
    await this.put(Buffer.from(s, 'utf8'));
  }

  private async put(b: Uint8Array): Promise<void> {
    this.bytes += b.length;
    if (!this.out.write(b)) await Promise.race([once(this.out, 'drain'), this.failed]);
    if (this.failure) throw this.failure;
  }
}

/** Writes every chunk of `chunks` to `file`; returns the bytes written. A failure removes nothing but rejects. */
export async function writeChunks(file: string, chunks: Iterable<Uint8Array | string>): Promise<number> {
  const sink = new FileSink(file);
  try {
    for (const c of chunks) await sink.write(c);
    await sink.close();
    return sink.bytes;
  } catch (e) {
    sink.abort();
    throw e;
  }
}
