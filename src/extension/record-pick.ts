/**
 * What Record Command… records: a package.json script of the workspace (`npm run <name>`, the
 * script's text beside it) or a command the user types (an InputBox), and the folder it runs in.
 * A command runs through the platform's shell, as a terminal would run it (quotes, pipes and
 * `VAR=x` work); the shell and npm are launchers the trace folds away.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { terminalSafe } from '../cli/terminal';

/** A command to record. */
export interface CommandChoice {
  /** The command line as the user sees it (`npm run start`, `node server.js --port 3000`). */
  text: string;
  /** Folder it runs in (and whose files are the user's). */
  cwd: string;
}

/** What the command accepts instead of asking (tests, other extensions): a script of the package in `cwd`, or a command line. */
export interface RecordArgs {
  script?: string;
  command?: string;
  /** Folder to run in (a path or a file URI); default: the first workspace folder. */
  cwd?: string | vscode.Uri;
}

interface ScriptItem extends vscode.QuickPickItem {
  choice?: CommandChoice;
}

/** Most package.json files looked at (a monorepo's packages; node_modules never). */
const MAX_PACKAGES = 50;
/** A script's text shown beside its name is cut here. */
const MAX_DESCRIPTION = 120;

/** `npm run <name>`, the name quoted for the shell when it needs to be. */
export function npmRun(name: string): string {
  if (/^[\w:.@/-]+$/.test(name)) return `npm run ${name}`;
  return process.platform === 'win32' ? `npm run "${name.replace(/"/g, '""')}"` : `npm run '${name.replace(/'/g, `'\\''`)}'`;
}

/** The argv that runs a command line in the platform's shell. */
export function shellArgv(text: string): string[] {
  if (process.platform === 'win32') return [process.env.ComSpec ?? 'cmd.exe', '/d', '/s', '/c', text];
  return ['/bin/sh', '-c', text];
}

/** The scripts of a package.json (none when it cannot be read or has none). */
async function scriptsOf(uri: vscode.Uri): Promise<[string, string][]> {
  try {
    const pkg = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as { scripts?: Record<string, unknown> };
    return Object.entries(pkg.scripts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  } catch {
    return [];
  }
}

/** The workspace's package.json files, the shallowest first. */
async function packageFiles(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', MAX_PACKAGES);
  return found.sort((a, b) => a.fsPath.split(path.sep).length - b.fsPath.split(path.sep).length || a.fsPath.localeCompare(b.fsPath));
}

const folderOf = (cwd: string | vscode.Uri | undefined): string | undefined => {
  if (cwd === undefined) return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return typeof cwd === 'string' ? cwd : cwd.fsPath;
};

/** The choice for the command's arguments, without asking; undefined when they name nothing runnable. */
export async function choiceFromArgs(args: RecordArgs): Promise<CommandChoice | undefined> {
  const cwd = folderOf(args.cwd);
  if (!cwd) return undefined;
  if (typeof args.command === 'string' && args.command.trim()) return { text: args.command.trim(), cwd };
  if (typeof args.script !== 'string') return undefined;
  const scripts = await scriptsOf(vscode.Uri.file(path.join(cwd, 'package.json')));
  return scripts.some(([name]) => name === args.script) ? { text: npmRun(args.script), cwd } : undefined;
}

/** Asks: the workspace's scripts, then "Type a command…". */
export async function pickCommand(): Promise<CommandChoice | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to record a command in it.'));
    return undefined;
  }
  const items: ScriptItem[] = [];
  const files = await packageFiles();
  for (const file of files) {
    const dir = path.dirname(file.fsPath);
    const rel = vscode.workspace.asRelativePath(dir, true);
    const scripts = await scriptsOf(file);
    // Several packages (a monorepo): each one's scripts under its folder.
    if (scripts.length && files.length > 1) items.push({ label: rel === dir ? path.basename(dir) : rel, kind: vscode.QuickPickItemKind.Separator });
    for (const [name, script] of scripts) {
      const text = npmRun(name);
      // The script's text is shown, escaped: it is the package's, not ours.
      items.push({ label: `$(package) ${terminalSafe(text)}`, description: terminalSafe(script).slice(0, MAX_DESCRIPTION), choice: { text, cwd: dir } });
    }
  }
  const typeOwn: ScriptItem = { label: `$(terminal) ${vscode.l10n.t('Type a command…')}`, description: vscode.l10n.t('for example {0}', 'node server.js --port 3000'), alwaysShow: true };
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, typeOwn);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Async Viz: Record Command'),
    placeHolder: vscode.l10n.t('A package.json script to record, or type a command'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Async Viz: Record Command'),
    prompt: vscode.l10n.t('The command to record, run in {0}. Every Node process it starts is recorded.', terminalSafe(root)),
    placeHolder: 'node server.js --port 3000',
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type a command, for example {0}', 'npm start')),
  });
  return text?.trim() ? { text: text.trim(), cwd: root } : undefined;
}
