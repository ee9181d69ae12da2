/**
 * The VS Code host's nested npm installs get a clean npm environment. Started from `npm test`,
 * ensure.mjs inherits npm's lifecycle variables (`npm_config_user_agent` names the outer Node,
 * which code-server's postinstall reads and refuses); cleanNpmEnv must drop every one of them,
 * and the PATH entries npm adds, and keep everything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './run';

test('cleanNpmEnv: inside an npm script, no npm_* variable or npm PATH entry reaches the nested install', () => {
  const ensure = pathToFileURL(path.join(root, 'scripts', 'vscode-host', 'ensure.mjs')).href;
  const probe = `import(${JSON.stringify(ensure)}).then(({ cleanNpmEnv }) => { const c = cleanNpmEnv(); console.log(JSON.stringify({ raw: process.env, clean: c })); })`;
  // `npm exec -c` runs the probe the way `npm test` runs our scripts: with npm's environment.
  const r = spawnSync('npm', ['exec', '--offline', '-c', `node -e '${probe}'`], { cwd: root, encoding: 'utf8', env: { ...process.env, KEEP_ME: 'yes' } });
  assert.equal(r.status, 0, r.stderr);
  const { raw, clean } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { raw: Record<string, string>; clean: Record<string, string> };
  assert.match(raw.npm_config_user_agent ?? '', /node\/v\d+/, 'the probe really ran inside npm');
  assert.deepEqual(Object.keys(clean).filter((k) => /^npm_/i.test(k) || k === 'INIT_CWD'), []);
  assert.equal(clean.KEEP_ME, 'yes');
  assert.equal(clean.HOME, raw.HOME);
  const dirs = clean.PATH.split(path.delimiter);
  assert.ok(!dirs.some((d) => d.endsWith(path.join('node_modules', '.bin')) || d.endsWith('node-gyp-bin')), clean.PATH);
  assert.ok(raw.PATH.split(path.delimiter).some((d) => d.endsWith(path.join('node_modules', '.bin'))), 'npm had put its .bin on PATH');
});
