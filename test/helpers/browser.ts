/**
 * A real Chromium for browser tests, driven by playwright-core. The browser comes from the system
 * (Debian's `chromium` package; .ci/run installs it), not from Playwright's download, so tests
 * need no network. A missing browser is a failure with the fix in the message, never a skip.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

const INSTALL_HINT = 'install it with "sudo apt-get install chromium" (Debian/Ubuntu; .ci/run does this) or set CHROMIUM_PATH to a Chromium executable';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else /usr/bin/chromium or chromium-browser, else whatever `command -v` finds. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROMIUM_PATH'];
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new Error(`CHROMIUM_PATH=${configured} is not an executable file; ${INSTALL_HINT}`);
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (isExecutable(path)) return path;
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status === 0 && path !== '') return path;
  throw new Error(`Chromium was not found; ${INSTALL_HINT}`);
}

/**
 * Launches headless Chromium. `--no-sandbox` because CI runs as root in a container, where
 * Chromium's sandbox cannot start; the pages loaded are our own, served from loopback.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
}
