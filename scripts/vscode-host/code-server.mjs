// Starts code-server (a real VS Code workbench + Node extension host) cleanly for one test run,
// and opens it in headless Chromium. Shared by the test-electron bridge and the browser E2E test.
// Each run gets a fresh temp folder (user data, extensions, XDG_*, TMPDIR) that is removed at the
// end; the server runs in its own process group, killed as a whole. See shared/design/vscode-host.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, findHost } from './ensure.mjs';

/** Settings that keep the screen clean and the run offline. */
export const CLEAN_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server. Options:
 *   env         extra environment for the server (and so the extension host)
 *   trust       false = keep workspace trust on (folders open in restricted mode); default true
 *   settings    extra user settings
 *   log         (line) => void for progress; serverOutput: (text) => void for the server's own output
 * Returns { port, origin, tmp, extensionsDir, stop() }.
 */
export async function startCodeServer(opts = {}) {
  const log = opts.log ?? ((s) => console.error(`[code-server] ${s}`));
  const host = findHost() ?? (await ensureHost({ log }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-cs-'));
  const dirs = { udd: path.join(tmp, 'udd'), ext: opts.extensionsDir ?? path.join(tmp, 'ext'), cfg: path.join(tmp, 'xdg-config'), data: path.join(tmp, 'xdg-data'), cache: path.join(tmp, 'xdg-cache'), tmp: path.join(tmp, 'tmp') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.udd, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.udd, 'User', 'settings.json'), JSON.stringify({ ...CLEAN_SETTINGS, ...opts.settings }, null, 2));
  const port = await freePort();
  writeFileSync(path.join(tmp, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    host.codeServerEntry, '--config', path.join(tmp, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.udd, '--extensions-dir', dirs.ext, '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', '--vscode-option', 'enable-smoke-test-driver',
  ];
  if (opts.trust !== false) args.push('--disable-workspace-trust');
  const env = {
    ...process.env, ...opts.env,
    XDG_CONFIG_HOME: dirs.cfg, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp,
    // The extension host must not inherit a parent VS Code's IPC hooks or Electron mode.
    ELECTRON_RUN_AS_NODE: undefined, VSCODE_IPC_HOOK_CLI: undefined, VSCODE_PID: undefined,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(host.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmp });
  let output = '';
  let stopped = false;
  const onData = (d) => {
    const s = d.toString();
    output = (output + s).slice(-20000);
    opts.serverOutput?.(s);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const killGroup = (sig) => {
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const gone = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
      if (!gone) killGroup('SIGKILL');
    }
    // Kill any leftovers in the group (extension host, pty host) even after the leader exited.
    killGroup('SIGKILL');
    if (!opts.keepTmp) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };
  const onExit = () => { killGroup('SIGKILL'); };
  process.on('exit', onExit);

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s. Output:\n${output}`)), 60_000);
    const check = () => {
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`code-server exited (${code ?? sig}) before listening. Output:\n${output}`)); });
    check();
  });
  log(`listening on 127.0.0.1:${port} (temp ${tmp})`);
  return { port, origin: `http://127.0.0.1:${port}`, tmp, extensionsDir: dirs.ext, userDataDir: dirs.udd, host, child, stop, output: () => output };
}

/** The workbench URL for a folder, with an optional smoke-test `payload` (array of [key, value]). */
export function workbenchUrl(server, folder, payload) {
  const u = new URL(server.origin + '/');
  if (folder) u.searchParams.set('folder', path.resolve(folder));
  if (payload) u.searchParams.set('payload', JSON.stringify(payload));
  return u.toString();
}

/** `vscode-remote://` URI of an absolute path on the server (plain paths hang in the payload). */
export function remoteUri(server, p) {
  return `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
}

/** Launches headless Debian Chromium through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const host = findHost();
  return chromium.launch({ executablePath: host?.chromium ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/**
 * Installs a .vsix into an extensions folder with code-server's own CLI (as a user would), before
 * a server using that folder starts. Resolves with the CLI's output.
 */
export async function installExtension(vsix, extensionsDir, opts = {}) {
  const log = opts.log ?? ((s) => console.error(`[code-server] ${s}`));
  const host = findHost() ?? (await ensureHost({ log }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-cs-install-'));
  try {
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_CACHE_HOME: path.join(tmp, 'cache'), TMPDIR: tmp };
    mkdirSync(extensionsDir, { recursive: true });
    const args = [host.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(tmp, 'udd'), '--install-extension', path.resolve(vsix)];
    const out = await new Promise((resolve, reject) => {
      const child = spawn(host.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmp });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`--install-extension timed out:\n${text}`)); }, 120_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(text);
        else reject(new Error(`--install-extension exited with ${code}:\n${text}`));
      });
    });
    log(`installed ${path.basename(vsix)}: ${String(out).trim().split('\n').pop()}`);
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
