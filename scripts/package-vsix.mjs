// `npm run package`: a production build, then a platform-specific .vsix (esbuild's native binary
// ships inside it, so one .vsix per platform: linux-x64, darwin-arm64, win32-x64, ...).
// Usage: node scripts/package-vsix.mjs [--target <vsce target>]   → async-viz-<version>-<target>.vsix
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const i = process.argv.indexOf('--target');
const target = i > 0 ? process.argv[i + 1] : `${process.platform}-${process.arch}`;
const { version, name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${name}-${version}-${target}.vsix`);

function run(cmd, args) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs', '--production']);
// vsce takes the production dependencies (esbuild, ws) from node_modules; .vscodeignore trims the rest.
// The README's relative links (docs/…, media/…) stay relative and point into the .vsix, which
// holds those files: without a repository URL vsce would otherwise refuse to package at all
// ("Couldn't detect the repository where this extension is published").
run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--out', out, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links']);
console.log(`packaged ${path.relative(root, out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB`);
