/**
 * Runs the extension-host mocha suite (test/vscode/suite, built into out/vscode-suite) in a real
 * VS Code through @vscode/test-electron's runTests. With VSCODE_EXECUTABLE set, that VS Code runs
 * it (a desktop build, say); otherwise scripts/vscode-host/code-server-bridge.mjs does, in
 * code-server (installed on first use by scripts/vscode-host/ensure.mjs). If the host cannot be
 * set up the run fails under CI=true and is skipped, loudly, elsewhere.
 * Usage: node --import tsx test/vscode/run.ts [trusted|untrusted|all]   (build first: npm run build)
 */
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(__dirname, '..', '..');
export const fixtureWorkspace = path.join(root, 'test', 'fixtures', 'vscode-workspace');
const bridge = path.join(root, 'scripts', 'vscode-host', 'code-server-bridge.mjs');

export type HostStatus = { ok: true; executable: string; desktop: boolean } | { ok: false; reason: string };

/** Finds or installs the VS Code to test in. */
export async function prepareHost(): Promise<HostStatus> {
  if (process.env.VSCODE_EXECUTABLE) return { ok: true, executable: process.env.VSCODE_EXECUTABLE, desktop: true };
  try {
    const ensure = await import(pathToFileURL(path.join(root, 'scripts', 'vscode-host', 'ensure.mjs')).href);
    await ensure.ensureHost({ log: (s: string) => console.error(`[vscode-host] ${s}`) });
    return { ok: true, executable: bridge, desktop: false };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Builds the suite into out/vscode-suite. */
export function buildSuite(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'vscode-host', 'build-tests.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the VS Code test suite failed');
}

/** Runs the suite once; resolves with the exit code (0 = all passed). */
export async function runSuite(executable: string, mode: 'trusted' | 'untrusted', resultsFile?: string): Promise<number> {
  const extensionTestsEnv: Record<string, string> = {
    ASYNC_VIZ_TEST_MODE: mode,
    ASYNC_VIZ_TEST_FIXTURES: fixtureWorkspace,
    ASYNC_VIZ_TEST_ROOT: root,
    ASYNC_VIZ_BRIDGE_ENV_KEYS: 'ASYNC_VIZ_TEST_MODE,ASYNC_VIZ_TEST_FIXTURES,ASYNC_VIZ_TEST_ROOT,ASYNC_VIZ_TEST_GREP',
    ASYNC_VIZ_BRIDGE_SCREENSHOT_DIR: path.join(root, 'test-artifacts'),
  };
  if (mode === 'untrusted') extensionTestsEnv.ASYNC_VIZ_BRIDGE_UNTRUSTED = '1';
  if (resultsFile) {
    extensionTestsEnv.ASYNC_VIZ_TEST_RESULTS = resultsFile;
    extensionTestsEnv.ASYNC_VIZ_BRIDGE_ENV_KEYS += ',ASYNC_VIZ_TEST_RESULTS';
  }
  if (process.env.ASYNC_VIZ_TEST_GREP) extensionTestsEnv.ASYNC_VIZ_TEST_GREP = process.env.ASYNC_VIZ_TEST_GREP;
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'vscode-suite', 'index.js'),
      launchArgs: [fixtureWorkspace, '--disable-extensions'],
      extensionTestsEnv,
    });
  } catch (e) {
    const code = (e as { code?: number }).code;
    return typeof code === 'number' && code !== 0 ? code : 1;
  }
}

async function main(): Promise<number> {
  const which = process.argv[2] ?? 'all';
  const host = await prepareHost();
  if (!host.ok) {
    const msg = `VS Code test host unavailable: ${host.reason}`;
    if (process.env.CI === 'true') {
      console.error(`✖ ${msg}`);
      return 1;
    }
    console.error(`\n${'!'.repeat(72)}\n!! SKIPPED the VS Code extension-host tests. ${msg}\n${'!'.repeat(72)}\n`);
    return 0;
  }
  buildSuite();
  let code = 0;
  if (which === 'all' || which === 'trusted') code ||= await runSuite(host.executable, 'trusted');
  // A desktop VS Code always gets --disable-workspace-trust from runTests: restricted mode is code-server only.
  if ((which === 'all' || which === 'untrusted') && !host.desktop) code ||= await runSuite(host.executable, 'untrusted');
  return code;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
}
