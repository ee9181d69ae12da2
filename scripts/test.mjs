// `npm test`: everything a change must pass, in order, failing on the first failing step:
// build, type-check, lint, then the test suites (node:test; real child processes, real headless
// Chromium, a real VS Code). Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2); // e.g. `npm test -- engine core` runs those suites only
const artifacts = path.join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
    return false;
  }
  return true;
}

/** Runs node:test on a suite folder; counts come from a TAP copy of the results. */
function suite(name, { concurrency = 1 } = {}) {
  if (only.length && !only.includes(name)) return true;
  const dir = path.join(root, 'test', name);
  if (!existsSync(dir)) return true;
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test', name, f));
  if (!files.length) return true;
  const tap = path.join(artifacts, `${name}.tap`);
  rmSync(tap, { force: true });
  const ok = run(`tests: ${name}`, process.execPath, [
    '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  const c = Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  passed += p;
  failed += f + c + (ok || f + c ? 0 : 1);
  return ok;
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);
let ok = true;
// Test hosts (idempotent; a fresh machine installs them here, later runs reuse them).
if (!only.length || only.some((s) => s === 'webview' || s === 'vscode')) {
  ok = run('ensure Chromium', process.execPath, ['scripts/ensure-chromium.mjs']) && ok;
}
if (existsSync(path.join(root, 'scripts', 'vscode-host', 'ensure.mjs')) && (!only.length || only.includes('vscode'))) {
  ok = run('ensure the VS Code test host', process.execPath, ['scripts/vscode-host/ensure.mjs']) && ok;
}
if (!ok) failed++;
ok = run('build', process.execPath, ['scripts/build.mjs']) && ok;
if (ok && !only.length) {
  ok = run('type-check', npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']) && ok;
  ok = run('type-check webview', npx('tsc'), ['--noEmit', '-p', 'webview/tsconfig.json']) && ok;
  ok = run('lint (layers fenced)', npx('eslint'), ['.']) && ok;
  if (!ok) failed++;
}
// Pure and fast first; the timing-sensitive engine suite runs its files one at a time.
// A failing suite does not stop the others: one run reports everything that is wrong.
for (const name of ['core', 'prepare', 'recorder', 'engine', 'lessons', 'webview', 'vscode']) {
  ok = suite(name) && ok;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
