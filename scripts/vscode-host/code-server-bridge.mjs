#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() spawns, so the
// extension-host mocha suite runs in a real VS Code (code-server) on a machine with no internet.
// Reads the VS Code CLI arguments runTests passes:
//   --extensionDevelopmentPath=<dir>  --extensionTestsPath=<suite index>  <workspace folder>
// and ignores the rest (--no-sandbox, --user-data-dir=..., --disable-workspace-trust, ...).
// Opens the workbench in headless Chromium with the smoke-test `payload`, prints the workbench's
// codeAutomationLog lines (mocha's output) and exits with the codeAutomationExit code.
// Environment for the tests: the keys listed in ASYNC_VIZ_BRIDGE_ENV_KEYS (comma-separated) and
// every ASYNC_VIZ_TEST_* variable go into the payload's `extensionEnvironment`.
// Knobs: ASYNC_VIZ_BRIDGE_TIMEOUT_MS (default 240000), ASYNC_VIZ_BRIDGE_UNTRUSTED=1 (keep
// workspace trust on: the folder opens in restricted mode), ASYNC_VIZ_BRIDGE_VERBOSE=1 (server output).
import util from 'node:util';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startCodeServer, workbenchUrl, remoteUri, launchChromium } from './code-server.mjs';

const log = (s) => console.error(`[bridge] ${s}`);

function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, workspace: undefined };
  for (const a of argv) {
    if (a.startsWith('--extensionDevelopmentPath=')) out.devPaths.push(a.slice('--extensionDevelopmentPath='.length));
    else if (a.startsWith('--extensionTestsPath=')) out.testsPath = a.slice('--extensionTestsPath='.length);
    else if (!a.startsWith('-') && out.workspace === undefined) out.workspace = a;
  }
  return out;
}

function testEnvironment() {
  const keys = new Set((process.env.ASYNC_VIZ_BRIDGE_ENV_KEYS ?? '').split(',').filter(Boolean));
  for (const k of Object.keys(process.env)) if (k.startsWith('ASYNC_VIZ_TEST_')) keys.add(k);
  const env = {};
  for (const k of keys) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.devPaths.length === 0) {
    log('usage: code-server-bridge --extensionDevelopmentPath=<dir> --extensionTestsPath=<suite index> [workspace]');
    return 2;
  }
  const timeoutMs = Number(process.env.ASYNC_VIZ_BRIDGE_TIMEOUT_MS) || 240_000;
  const verbose = process.env.ASYNC_VIZ_BRIDGE_VERBOSE === '1';
  const t0 = Date.now();
  const server = await startCodeServer({
    log,
    trust: process.env.ASYNC_VIZ_BRIDGE_UNTRUSTED !== '1',
    serverOutput: verbose ? (s) => process.stderr.write(s.replace(/^/gm, '[code-server] ')) : undefined,
  });
  let browser;
  let timer;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exit = new Promise((resolve) => {
      timer = setTimeout(() => { log(`time-out after ${timeoutMs} ms`); resolve(124); }, timeoutMs);
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code) || 0));
    });
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      // No internet here: the workbench's marketplace look-ups fail, by design; keep the log readable.
      if (/ENOTFOUND open-vsx\.org/.test(text)) return;
      process.stdout.write(`${text}\n`);
    });
    if (verbose) page.on('console', (m) => process.stderr.write(`[page:${m.type()}] ${m.text()}\n`));
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, args.devPaths[0])],
      ['extensionTestsPath', remoteUri(server, args.testsPath)],
      ['skipWelcome', 'true'],
      ['extensionEnvironment', JSON.stringify(testEnvironment())],
    ];
    const url = workbenchUrl(server, args.workspace, payload);
    log(`opening ${args.workspace ?? '(no folder)'} with tests ${args.testsPath}`);
    await page.goto(url);
    const code = await exit;
    if (code !== 0 && process.env.ASYNC_VIZ_BRIDGE_SCREENSHOT_DIR) {
      mkdirSync(process.env.ASYNC_VIZ_BRIDGE_SCREENSHOT_DIR, { recursive: true });
      const shot = path.join(process.env.ASYNC_VIZ_BRIDGE_SCREENSHOT_DIR, `bridge-exit-${code}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      log(`screenshot: ${shot}`);
    }
    log(`suite exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${sig}: stopping`);
    process.exit(130); // the 'exit' handler in code-server.mjs kills the server's process group
  });
}

main().then(
  (code) => process.exit(code),
  (err) => { log(`FAILED: ${err?.stack ?? err}`); process.exit(1); },
);
