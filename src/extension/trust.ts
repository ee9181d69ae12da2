/**
 * Workspace trust: running a snippet executes the user's code, so nothing runs in an untrusted
 * (restricted) workspace. The commands call `ensureTrusted` first; it explains and offers to
 * open the trust editor.
 */
import * as vscode from 'vscode';

/** True when code may run. Otherwise shows why (unless `quiet`) and returns false. */
export async function ensureTrusted(opts: { quiet?: boolean; isTrusted?: boolean } = {}): Promise<boolean> {
  const trusted = opts.isTrusted ?? vscode.workspace.isTrusted;
  if (trusted) return true;
  if (opts.quiet) return false;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  // Not awaited: a notification left open must not keep the command (and its caller) waiting.
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Async Viz runs your code, so it is turned off in Restricted Mode. Trust this workspace to visualize its files.'),
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
