/**
 * recordCommand with `stdio: 'pipe'` (what the VS Code extension's terminal uses): the program's
 * output arrives through onOutput as it prints it, and what the user types reaches its stdin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuilt, fixture } from './helpers';
import { recordCommand } from '../../src/run/command';

ensureBuilt();

test('stdio pipe: output to onOutput, input to the program\'s stdin, Ctrl+D ends it; the awaits are recorded', async () => {
  let out = '';
  const waitFor = (text: string) => new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      if (out.includes(text)) { clearInterval(poll); resolve(); } else if (Date.now() - t0 > 20_000) { clearInterval(poll); reject(new Error(`no "${text}" in ${JSON.stringify(out)}`)); }
    }, 20);
  });
  const rec = await recordCommand({ command: [process.execPath, 'echo.js'], cwd: fixture('run'), stdio: 'pipe', onOutput: (_s, text) => (out += text) });
  await waitFor('ready\n');
  rec.input('one\ntwo\n');
  await waitFor('got two\n');
  rec.input(null);
  const result = await rec.done;
  rec.input('after the end is ignored\n');
  assert.equal(result.outcome, 'ok');
  assert.equal(out, 'ready\ngot one\ngot two\ninput ended\n', 'the program\'s own output, in order');
  const awaits = result.trace.spans.filter((s) => s.kind === 'await' && s.label === 'sleep(5)');
  assert.equal(awaits.length, 2, 'one await per line typed');
  assert.ok(awaits.every((s) => s.line === 5));
});
