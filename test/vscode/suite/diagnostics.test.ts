/**
 * Every lesson file opens with no errors in the Problems panel: VS Code's own TypeScript server
 * reads examples/tsconfig.json (each file a module, Node's types) for the bundled examples. Its
 * ▶ Visualize lens is there too.
 * The server starts slowly and reports late, so an empty list proves nothing by itself: for each
 * file a deliberate type error is typed in first, and the test waits until the server reports it
 * (so it is checking this very file, with its project) and then until it is gone after the edit
 * is reverted. What is left is the file's own diagnostics, read straight after that report.
 * The probe never reaches the disk: auto save is off for the suite (the web workbench saves after
 * a delay by default), and each test checks the file on disk is as it was (and puts it back if not).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { api, EXTENSION_ID, lensesFor, until } from './helpers';

const examplesRoot = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath, 'examples');

/** Every TypeScript example, relative to examples/. */
function lessonFiles(dir = examplesRoot): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return lessonFiles(p);
    return f.endsWith('.ts') ? [path.relative(examplesRoot, p).split(path.sep).join('/')] : [];
  });
}

const errorsIn = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
const describe = (ds: vscode.Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source ?? ''} ${d.code ?? ''} ${d.message}`).join('\n');
/** A line no lesson could type-check: the server reports TS2322 on it. */
const PROBE = "\nconst asyncVizProbe: number = 'not a number';\n";

suite('lessons: no errors in the Problems panel', () => {
  let first = true;
  const files = () => vscode.workspace.getConfiguration('files');
  let autoSave: string | undefined;
  suiteSetup(async () => {
    await api();
    autoSave = files().inspect<string>('autoSave')?.globalValue;
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await until('auto save to be off', () => files().get('autoSave') === 'off');
  });
  suiteTeardown(async () => {
    await files().update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('there are lesson files to check', () => {
    assert.ok(lessonFiles().length >= 20, lessonFiles().join(', '));
  });

  for (const rel of lessonFiles()) {
    test(`${rel}: 0 errors, and its ▶ Visualize lens`, async function () {
      // The first file also waits for the TypeScript server to start (tens of seconds on a busy machine).
      const wait = first ? 120_000 : 30_000;
      first = false;
      this.timeout(wait * 2 + 10_000);
      const uri = vscode.Uri.file(path.join(examplesRoot, rel));
      const onDisk = readFileSync(uri.fsPath, 'utf8');
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        assert.strictEqual(doc.languageId, 'typescript');
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        const own = doc.lineCount;
        const probed = () => errorsIn(uri).some((d) => d.range.start.line >= own);
        assert.ok(await editor.edit((e) => e.insert(doc.lineAt(own - 1).range.end, PROBE)), 'probe typed in');
        await until(`the TypeScript server to report the probe in ${rel}`, probed, wait);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        assert.strictEqual(doc.isDirty, false, 'reverted to the file on disk');
        await until(`the TypeScript server to drop the probe in ${rel}`, () => !probed(), wait);
        const errors = errorsIn(uri);
        assert.strictEqual(errors.length, 0, `${rel} shows errors in the Problems panel:\n${describe(errors)}`);
        const lenses = await until(`the lenses of ${rel}`, async () => {
          const l = await lensesFor(uri);
          return l.length > 0 && l;
        });
        assert.ok(lenses.some((l) => l.range.start.line === 0 && l.command?.command === 'asyncViz.visualize'), `${rel}: ▶ Visualize file on line 1`);
      } finally {
        if (readFileSync(uri.fsPath, 'utf8') !== onDisk) {
          writeFileSync(uri.fsPath, onDisk);
          assert.fail(`${rel} was saved with the probe in it (put back as it was)`);
        }
      }
    });
  }
});
