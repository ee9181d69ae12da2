/**
 * Colours for the canvas, read from CSS custom properties (media/timeline.css maps them to
 * `--vscode-*` variables inside VS Code, with light/dark fallbacks for the standalone HTML).
 * Re-read when the VS Code theme class or the system colour scheme changes.
 */
import { ITEM_KINDS } from './model';

export interface Theme {
  kind: string[];
  blocked: string;
  blockedPattern: CanvasPattern | null;
  fg: string;
  muted: string;
  bg: string;
  grid: string;
  rowAlt: string;
  select: string;
  cause: string;
  effect: string;
  console: string;
  conc: string;
  font: string;
  label: string;
}

let probe: HTMLElement | undefined;

/** Resolves a CSS colour variable to an rgb() string the canvas understands (color-mix, var(), names). */
function v(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const raw = style.getPropertyValue(name).trim();
  if (!raw) return fallback;
  if (!probe) {
    probe = document.createElement('span');
    probe.setAttribute('aria-hidden', 'true');
    probe.className = 'av-color-probe';
    document.body.append(probe);
  }
  probe.style.color = '';
  probe.style.color = raw;
  if (!probe.style.color) return fallback;
  return getComputedStyle(probe).color || fallback;
}

/** Diagonal hatch in the error colour, for blocked stretches. */
function hatch(color: string): CanvasPattern | null {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return null;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(-2, 10); g.lineTo(10, -2);
  g.moveTo(-2, 2); g.lineTo(2, -2);
  g.moveTo(6, 10); g.lineTo(10, 6);
  g.stroke();
  return g.createPattern(c, 'repeat');
}

export function readTheme(root: HTMLElement = document.body): Theme {
  const s = getComputedStyle(root);
  const blocked = v(s, '--av-blocked', '#e51400');
  const family = s.getPropertyValue('--av-font-family').trim() || 'system-ui, sans-serif';
  return {
    kind: ITEM_KINDS.map((k) => v(s, `--av-${k}`, '#888')),
    blocked,
    blockedPattern: hatch(blocked),
    fg: v(s, '--av-fg', '#222'),
    muted: v(s, '--av-muted', '#777'),
    bg: v(s, '--av-bg', '#fff'),
    grid: v(s, '--av-grid', 'rgba(128,128,128,0.18)'),
    rowAlt: v(s, '--av-row-alt', 'rgba(128,128,128,0.06)'),
    select: v(s, '--av-select', '#0078d4'),
    cause: v(s, '--av-cause', '#c27c0e'),
    effect: v(s, '--av-effect', '#1a7f37'),
    console: v(s, '--av-console', '#555'),
    conc: v(s, '--av-conc', '#5b8bd0'),
    font: `11px ${family}`,
    label: `600 11px ${family}`,
  };
}

/** Calls `onChange` when the theme may have changed (VS Code body class, prefers-color-scheme). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', onChange);
}
