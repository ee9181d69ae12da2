// `npm run screenshots`: the README's pictures, made by the project itself. Each one is a real
// run of a bundled example through the CLI (`--html`), opened in headless Chromium and captured;
// nothing is drawn by hand. Writes media/screenshots/*.png.
import { spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, ensureChromium } from './ensure-chromium.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, 'media', 'screenshots');
const work = path.join(root, 'out', 'screenshots');

/** name, CLI arguments, viewport height, what to do on the page before the capture. */
const shots = [
  ['start-here', ['examples/start-here.ts'], 760],
  ['compare-sequential-vs-promise-all', ['--lesson', '3'], 900],
  ['worker-threads', ['--lesson', '6'], 900],
  ['event-loop-order-predict', ['--lesson', '4'], 560],
  ['blocking-vs-async-ko', ['--lesson', '1', '--lang', 'ko'], 900],
];

/** A Korean font for Chromium (Debian fonts-nanum), else Hangul renders as empty boxes. */
function ensureKoreanFont() {
  const has = spawnSync('fc-list', [':lang=ko'], { encoding: 'utf8' });
  if (has.status === 0 && has.stdout.trim()) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  console.log('Installing a Korean font (apt-get install fonts-nanum)…');
  const r = spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', 'fonts-nanum'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) console.warn('!!! no Korean font: the Korean screenshot will show boxes');
}

if (!ensureChromium() || !existsSync(CHROMIUM)) process.exit(1);
ensureKoreanFont();
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
mkdirSync(outDir, { recursive: true });
mkdirSync(work, { recursive: true });

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const [name, args, height] of shots) {
    const html = path.join(work, `${name}.html`);
    const r = spawnSync(process.execPath, ['bin/async-viz.js', ...args, '--html', html, '--quiet'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: async-viz exited ${r.status}\n${r.stderr}`);
    const page = await browser.newPage({ viewport: { width: 1280, height }, deviceScaleFactor: 1, colorScheme: 'light' });
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => globalThis.__asyncViz?.perf?.firstPaint !== undefined, undefined, { timeout: 30_000 });
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(root, file)}`);
    await page.close();
  }
} finally {
  await browser.close();
}
