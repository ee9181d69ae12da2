/**
 * The extension-host suite (test/vscode/suite) in a real VS Code, reported test by test: each
 * mocha test inside the extension host becomes one node:test subtest here. Two runs: a trusted
 * workspace (everything) and an untrusted one (Restricted Mode: nothing may run).
 * Needs `npm run build` first (dist/extension.js). See test/vscode/run.ts for the host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSuite, prepareHost, root, runSuite } from './run';

interface Outcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  error?: string;
}

test('VS Code extension host', { timeout: 600_000 }, async (t) => {
  assert.ok(existsSync(path.join(root, 'dist', 'extension.js')), 'dist/extension.js is built (npm run build)');
  const host = await prepareHost();
  if (!host.ok) {
    if (process.env.CI === 'true') assert.fail(`VS Code test host unavailable: ${host.reason}`);
    t.skip(`SKIPPED: VS Code test host unavailable: ${host.reason}`);
    return;
  }
  buildSuite();
  const modes: ('trusted' | 'untrusted')[] = host.desktop ? ['trusted'] : ['trusted', 'untrusted'];
  for (const mode of modes) {
    await t.test(`${mode} workspace`, async (tm) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-results-'));
      const file = path.join(dir, 'results.json');
      try {
        const code = await runSuite(host.executable, mode, file);
        const outcomes: Outcome[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
        for (const o of outcomes) {
          await tm.test(o.title, (ts) => {
            if (o.state === 'skipped') ts.skip('skipped inside the extension host');
            else if (o.state === 'failed') assert.fail(o.error ?? 'failed');
          });
        }
        assert.ok(outcomes.length > 0, `the suite reported no tests (exit ${code}): it failed to load or the host did not start`);
        assert.equal(code, 0, `the extension-host run exited with ${code}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
