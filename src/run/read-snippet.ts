/**
 * Reads the user's file before a run, turning the ways it can fail into one sentence each
 * (RunInputError): a missing file, a directory, a file that cannot be read.
 */
import { readFileSync, statSync } from 'node:fs';
import { RunInputError } from './types';

/** The file's text. `shown` is the name to use in messages (as the user typed it). */
export function readSnippet(file: string, shown: string): string {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RunInputError(code === 'ENOENT' ? `${shown}: no such file.` : `${shown}: cannot be read (${code ?? (e as Error).message}).`);
  }
  if (isDir) throw new RunInputError(`${shown} is a directory, not a file: give the .ts or .js file to run inside it.`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new RunInputError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}
