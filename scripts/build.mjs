// Builds one bundle per runtime with esbuild. Each runtime has its own platform and format:
//   recorder  - preloaded into the user's process (node, cjs, no dependencies)
//   cli       - the async-viz command (node, cjs)
//   extension - VS Code extension host (node, cjs, `vscode` external)
//   webview   - the timeline front end (browser, iife)
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  // The recorder is always minified: every thread and child process of a recorded program parses it.
  { entryPoints: { recorder: 'src/recorder/index.ts' }, platform: 'node', format: 'cjs', target: 'node18', minify: true },
  { entryPoints: { cli: 'src/cli/main.ts' }, platform: 'node', format: 'cjs', target: 'node18' },
  { entryPoints: { extension: 'src/extension/extension.ts' }, platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022' },
].filter((b) => existsSync(path.join(root, Object.values(b.entryPoints)[0])));

const common = {
  absWorkingDir: root,
  bundle: true,
  outdir: 'dist',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // esbuild is needed at run time by the runner (it transpiles the user's file), so it stays external.
  external: ['esbuild'],
};

for (const b of bundles) {
  const options = { ...common, ...b, external: [...common.external, ...(b.external ?? [])] };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
if (!watch) console.log(`built ${bundles.map((b) => Object.keys(b.entryPoints)[0]).join(', ')} into dist/`);
