/**
 * The terminal of a recorded command (a Pseudoterminal): the program's output as it prints it,
 * and a small line editor for its input, since the program reads a pipe, not a tty: typed
 * characters echo, Backspace erases, Enter sends the line, Ctrl+D at the start of a line ends the
 * input, Ctrl+C stops the recording (the trace is kept), as it would in a terminal. Closing the
 * terminal stops the recording too. The program's own bytes pass unchanged (only `\n` becomes
 * `\r\n`, which a terminal needs); our own lines are the extension's, the command in them escaped.
 */
import * as vscode from 'vscode';

export interface RecordTerminalEvents {
  /** Ctrl+C while recording. */
  onInterrupt(): void;
  /** A line typed (with its `\n`), or null when the input ends (Ctrl+D). */
  onInput(text: string | null): void;
  /** The user closed the terminal. */
  onClose(): void;
}

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const ENTER = '\r';
const BACKSPACE = ['\x7f', '\b'];
const ESC = '\x1b';
/** Output kept for `written` (the tests read it), the newest. */
const KEEP_CHARS = 64 * 1024;
/** Bold, and back to normal: our own lines stand apart from the program's. */
const BOLD = '\x1b[1m';
const NORMAL = '\x1b[0m';

export class RecordTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  /** Output before the terminal opened. */
  private pending: string[] = [];
  private line = '';
  private ended = false;
  private inputEnded = false;
  private kept = '';

  constructor(private readonly events: RecordTerminalEvents) {}

  /** What the program printed so far (the last 64 KB), as it printed it. */
  get written(): string {
    return this.kept;
  }

  open(): void {
    this.opened = true;
    for (const p of this.pending.splice(0)) this.writeEmitter.fire(p);
  }

  close(): void {
    if (!this.ended) this.events.onClose();
    this.ended = true;
  }

  /** The program's output. */
  output(text: string): void {
    this.kept = (this.kept + text).slice(-KEEP_CHARS);
    this.write(text.replace(/\r?\n/g, '\r\n'));
  }

  /** A line of ours (already escaped where it quotes the program), in bold. */
  note(text: string): void {
    this.write(`\r\n${BOLD}${text}${NORMAL}\r\n`);
  }

  /** The recording is over: input goes nowhere now; any key closes the terminal. */
  end(text: string): void {
    this.note(text);
    this.ended = true;
  }

  handleInput(data: string): void {
    if (this.ended) {
      this.closeEmitter.fire();
      return;
    }
    // Arrow keys, function keys: no line editing beyond Backspace.
    if (data.startsWith(ESC)) return;
    for (const c of data) {
      if (c === CTRL_C) {
        this.write('^C\r\n');
        this.events.onInterrupt();
        return;
      }
      if (this.inputEnded) continue;
      if (c === CTRL_D) {
        if (this.line) continue;
        this.inputEnded = true;
        this.events.onInput(null);
      } else if (c === ENTER) {
        this.write('\r\n');
        this.events.onInput(`${this.line}\n`);
        this.line = '';
      } else if (BACKSPACE.includes(c)) {
        if (!this.line) continue;
        this.line = [...this.line].slice(0, -1).join('');
        this.write('\b \b');
      } else if (c >= ' ') {
        this.line += c;
        this.write(c);
      }
    }
  }

  private write(text: string): void {
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending.push(text);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
