/**
 * The folded start-up: the view opens on the program's own activity, and Node's (and the
 * recorder's) start-up before the program's first line is a marker at the left edge of the
 * timeline, "◂ Node start-up 42 ms", which opens it (zooms out to show it). Hidden while the
 * start-up is on screen or there is none.
 */
import { el } from './dom';
import { formatDuration } from './scales';
import { t } from './i18n';

export class StartupMarker {
  readonly button = el('button', { type: 'button', class: 'startup-marker', hidden: '' });
  private startMs = 0;

  constructor(host: HTMLElement, onOpen: (startMs: number) => void) {
    this.button.addEventListener('click', () => onOpen(this.startMs));
    host.append(this.button);
  }

  /** The start-up's length and the visible range: shows the marker while the start-up is off screen. */
  update(startMs: number, d0: number): void {
    this.startMs = startMs;
    const show = startMs > 0 && d0 > 0;
    this.button.hidden = !show;
    if (!show) return;
    const text = t('startup', formatDuration(startMs));
    this.button.textContent = `◂ ${text}`;
    this.button.title = t('startupTitle');
    this.button.setAttribute('aria-label', `${text}. ${t('startupTitle')}`);
  }
}
