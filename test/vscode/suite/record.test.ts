/**
 * Record Command… in a real VS Code: a package.json script of the test workspace (record/: a
 * ticker whose awaits live in lib.js, that answers what is typed) is recorded with its output in a
 * terminal and the status bar's clock; Stop Async Run (or Ctrl+C in the terminal) ends it, and the
 * panel gets the trace; a line of lib.js opens lib.js.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import path from 'node:path';
import { api, fixture, isAlive, isGroupAlive, postedTraces, until } from './helpers';
import type { FinishedRecording } from '../../../src/extension/record';

const folder = () => fixture('record').fsPath;
const lib = () => path.join(folder(), 'lib.js');

suite('Record Command…', () => {
  suiteSetup(async () => {
    await api();
  });

  test('a package.json script: output in its terminal, input passed on, the clock in the status bar; Stop shows the trace in the panel, stopped', async () => {
    const a = await api();
    const pending = vscode.commands.executeCommand<FinishedRecording>('asyncViz.recordCommand', { script: 'ticker', cwd: folder() });
    const terminal = await until('the recording\'s terminal', () => a.recordingTerminal(), 30_000);
    await until('the program to tick', () => /tick \d+/.test(terminal.written), 30_000);
    const clock = a.services.runs.status.text;
    assert.match(clock, /^\$\(record\) Recording \d+\.\d s · ⏹ Stop$/, clock);
    assert.strictEqual(a.services.runs.isRunning, true, 'Stop Async Run is enabled');
    // What is typed reaches the program (it reads a pipe: the terminal echoes and sends the line).
    terminal.handleInput('hello\r');
    await until('the program to answer', () => terminal.written.includes('heard hello\n'));
    assert.strictEqual(await vscode.commands.executeCommand('asyncViz.stop'), true);
    const rec = await pending;
    assert.ok(rec, 'a stopped recording is still a recording');
    const t = rec.result.trace;
    assert.strictEqual(rec.result.outcome, 'cancelled');
    assert.strictEqual(t.meta.exit.stoppedBy, 'stop');
    assert.match(t.meta.exit.error ?? '', /^Stopped with Stop Async Run after /);
    assert.strictEqual(path.basename(t.meta.file), 'ticker.js', 'the node process under sh and npm is the entry');
    assert.ok(rec.result.launchers.length >= 1, 'npm (and the shell) folded');
    assert.strictEqual(a.services.runs.isRunning, false);
    assert.match(a.services.runs.status.text, /npm run ticker/);
    // What the panel received: the show message's trace, read back from its bytes.
    const panel = a.panel();
    assert.ok(panel, 'the panel is open');
    await until('the panel to show the recording', () => panel.shown?.trace === t);
    panel.panel.reveal();
    await until('the webview to be ready', () => panel.isReady, 20_000);
    const show = await until('a show message with the recording', async () => {
      for (const m of [...panel.posted].reverse()) {
        const [got] = await postedTraces(m);
        if (got && got.meta.startedAt === t.meta.startedAt) return got;
      }
      return undefined;
    });
    assert.deepStrictEqual(show.lanes.map((l) => l.kind), ['main'], 'one lane: the ticker');
    assert.strictEqual(show.meta.exit.cancelled, true, 'the panel says it was stopped');
    const libFile = show.spans.labels.indexOf(lib());
    assert.ok(libFile >= 0, 'the spans name lib.js');
    let inLib = 0;
    for (let i = 0; i < show.spans.n; i++) if (show.spans.file[i] === libFile && show.spans.line[i] === 3) inLib++;
    assert.ok(inLib >= 2, `awaits at lib.js:3 reached the panel (${inLib})`);
    assert.ok(show.asyncCalls.some((c) => c.name === 'tick' && c.file === lib()), 'tick() in lib.js');
    // A line in lib.js opens lib.js, not the entry file; a file the trace does not name opens nothing.
    const editor = await panel.openSource(3, 3, 0, lib());
    assert.strictEqual(editor?.document.uri.fsPath, lib());
    assert.strictEqual(editor.selection.active.line, 2);
    assert.strictEqual(await panel.openSource(1, 1, 0, path.join(folder(), 'package.json')), undefined);
    const pid = t.lanes[0].pid;
    await until(`the ticker ${pid} to be gone`, () => !isAlive(pid) && !isGroupAlive(pid), 5000);
  });

  test('Ctrl+C in the recording\'s terminal stops it and keeps the trace', async () => {
    const a = await api();
    const pending = vscode.commands.executeCommand<FinishedRecording>('asyncViz.recordCommand', { command: 'node ticker.js', cwd: folder() });
    const terminal = await until('the recording\'s terminal', () => a.recordingTerminal(), 30_000);
    await until('the program to tick', () => /tick \d+/.test(terminal.written), 30_000);
    terminal.handleInput('\x03');
    const rec = await pending;
    assert.ok(rec);
    assert.strictEqual(rec.result.trace.meta.exit.stoppedBy, 'SIGINT');
    assert.ok(rec.result.trace.spans.some((s) => s.kind === 'await' && s.file === lib()), 'the awaits in lib.js are kept');
    assert.strictEqual(a.panel()?.shown?.trace, rec.result.trace);
  });
});
