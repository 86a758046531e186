/**
 * about: what hessenfeed is (name, version, homepage, its own folder) and how it names itself to the
 * sites it fetches. A leaf, read once from package.json, cheap enough for `hessenfeed --version`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  homepage: string;
  /** The project's own folder (where config/ and package.json live). */
  root: string;
}

/** Reads hessenfeed's package.json, found by walking up from this file (works from src/ and dist/). */
function readPackageInfo(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'hessenfeed') {
        return { name: pkg.name, version: pkg.version ?? '0.0.0', homepage: pkg.homepage ?? 'https://github.com/hessenfeed/hessenfeed', root: dir };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('hessenfeed: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const packageInfo: PackageInfo = readPackageInfo();

export function userAgent(contactUrl = packageInfo.homepage): string {
  return `hessenfeed/${packageInfo.version} (+${contactUrl})`;
}
