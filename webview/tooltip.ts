/** A hover tooltip: lines of plain text (textContent only), placed near the pointer. */
import { el, clear } from './dom';

export class Tooltip {
  readonly node = el('div', { class: 'tooltip', role: 'tooltip', hidden: true });

  constructor(host: HTMLElement) {
    host.append(this.node);
  }

  show(lines: string[], clientX: number, clientY: number): void {
    clear(this.node);
    lines.forEach((l, i) => this.node.append(el(i === 0 ? 'strong' : 'div', {}, l)));
    this.node.hidden = false;
    const r = this.node.getBoundingClientRect();
    const x = Math.min(clientX + 14, window.innerWidth - r.width - 4);
    const y = clientY + 16 + r.height > window.innerHeight ? clientY - r.height - 10 : clientY + 16;
    this.node.style.left = `${Math.max(0, x)}px`;
    this.node.style.top = `${Math.max(0, y)}px`;
  }

  hide(): void {
    this.node.hidden = true;
  }
}
