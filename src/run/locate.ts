/**
 * Finds the project's built files (dist/recorder.js, dist/webview.js, media/...) from wherever the
 * calling code runs: the dist/ bundle (CLI, extension) or the TypeScript sources under tsx (tests).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root: the nearest folder above this module that holds package.json and dist/ or src/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && (existsSync(path.join(dir, 'src')) || existsSync(path.join(dir, 'dist')))) return dir;
    dir = path.dirname(dir);
  }
  return path.dirname(__dirname);
}

/** Absolute path of a file relative to the project root; throws a readable error when it is missing (not built). */
export function projectFile(...parts: string[]): string {
  const file = path.join(projectRoot(), ...parts);
  if (!existsSync(file)) throw new Error(`Async Viz: ${parts.join('/')} is missing. Run \`npm run build\` first.`);
  return file;
}
