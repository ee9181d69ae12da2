// Makes sure Debian's Chromium is installed for the browser tests (idempotent: a no-op when it is).
// Playwright's own browser download cannot work on machines without internet; Debian's package can.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM = process.env.ASYNC_VIZ_CHROMIUM || '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  console.log('Installing Debian chromium for the browser tests (apt-get)…');
  const sh = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  const ok = sh([...sudo, 'apt-get', 'update', '-qq'].filter(Boolean)) && sh([...sudo, 'apt-get', 'install', '-y', '-qq', 'chromium'].filter(Boolean));
  if (!ok || !existsSync(CHROMIUM)) {
    console.error(`Could not install chromium (${CHROMIUM} missing). Install it with: apt-get install chromium`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureChromium() ? 0 : 1);
