/**
 * Entry of the mocha suite that runs INSIDE the VS Code extension host (desktop VS Code through
 * @vscode/test-electron, or code-server through scripts/vscode-host/code-server-bridge.mjs).
 * ASYNC_VIZ_TEST_MODE=untrusted runs only the workspace-trust tests (the host opens the folder in
 * restricted mode for that run); otherwise every other *.test.js runs. ASYNC_VIZ_TEST_GREP filters.
 * ASYNC_VIZ_TEST_RESULTS names a JSON file that receives each test's outcome (for the node:test
 * wrapper, which reports them one by one).
 */

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  ms?: number;
  error?: string;
}
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ASYNC_VIZ_TEST_GREP;
  if (grep) mocha.grep(grep);
  const untrusted = process.env.ASYNC_VIZ_TEST_MODE === 'untrusted';
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (f === 'untrusted.test.js') === untrusted);
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const outcomes: TestOutcome[] = [];
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = outcomes.filter((o) => o.state === 'passed').length;
        const skipped = outcomes.filter((o) => o.state === 'skipped').length;
        // The plain closing line, so any reader of the log sees the count.
        console.log(`${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
        if (process.env.ASYNC_VIZ_TEST_RESULTS) writeFileSync(process.env.ASYNC_VIZ_TEST_RESULTS, JSON.stringify(outcomes, null, 1));
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'skipped' }));
      runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }));
    } catch (err) {
      reject(err);
    }
  });
}
