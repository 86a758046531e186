/**
 * vitest global setup: the tests that start real processes run the built bin (dist/), so build
 * first when any file under src/ (or package.json, tsconfig.build.json) is newer than the last
 * build: `npm test` and `npx vitest run test/some.test.ts` right after an edit alike. After
 * `npm ci` (whose prepare script builds) nothing is built again.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_INFO = join(ROOT, 'dist', 'tsconfig.build.tsbuildinfo');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BUILD_INFO).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), ...['package.json', 'tsconfig.build.json'].map((file) => statSync(join(ROOT, file)).mtimeMs));
  if (sources <= builtAt()) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}
