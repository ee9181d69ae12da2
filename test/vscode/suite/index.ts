/**
 * Entry of the mocha suite that runs INSIDE the VS Code extension host (desktop VS Code through
 * @vscode/test-electron, or code-server through scripts/vscode-host/code-server-bridge.mjs).
 * ASYNC_VIZ_TEST_MODE=untrusted runs only the workspace-trust tests (the host opens the folder in
 * restricted mode for that run); otherwise every other *.test.js runs. ASYNC_VIZ_TEST_GREP filters.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ASYNC_VIZ_TEST_GREP;
  if (grep) mocha.grep(grep);
  const untrusted = process.env.ASYNC_VIZ_TEST_MODE === 'untrusted';
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (f === 'untrusted.test.js') === untrusted);
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        // The plain closing line, so any reader of the log sees the count.
        console.log(`${mocha.suite.total() - failures} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
