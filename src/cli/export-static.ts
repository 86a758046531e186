/**
 * `hessenfeed export --out DIR [--base-url URL] [--limit N]`: the feeds, the OPML list and the
 * overview page as static files (see src/publish/static-site.ts for what is written and why).
 *
 * Each file is written to a temporary name beside it and renamed into place, so a web server
 * serving DIR meanwhile sends either the old or the new file, never half of one. Files of tags no
 * longer in use are left alone, like any other file in DIR.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { packageInfo, StartupError, type App } from '../app/index.js';
import { FeedService, MAX_LIMIT, planStaticSite } from '../publish/index.js';
import { UsageError } from './usage-error.js';

/** Releases per static feed: all a feed may hold, since the files cannot be paged. */
export const STATIC_DEFAULT_LIMIT = MAX_LIMIT;

export interface StaticExportOptions {
  /** Directory the site is written to; created when missing. */
  outDir: string;
  /** Public address of that directory, no trailing slash. */
  baseUrl: string;
  limit: number;
}

export interface StaticExportArgs {
  out: string;
  baseUrl?: string;
  limit?: string;
}

/**
 * Checks the command line. The base URL comes from --base-url, else PUBLIC_URL: links inside
 * feeds must be absolute, and only the operator knows where the files will be served.
 */
export function resolveStaticExportOptions(args: StaticExportArgs, publicUrl: string | undefined): StaticExportOptions {
  if (args.out.trim() === '') throw new UsageError('--out: give the directory to write the static files to');
  const given = args.baseUrl ?? publicUrl;
  if (given === undefined) {
    throw new UsageError(
      'export --out needs the address the files will be served from, for the links inside the feeds: ' +
        'add --base-url https://feeds.example.org (or set PUBLIC_URL)',
    );
  }
  return { outDir: resolve(args.out), baseUrl: parseBaseUrl(given), limit: parseLimit(args.limit) };
}

function parseBaseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--base-url: "${value}" is not an http(s) URL without query, fragment or user (e.g. https://feeds.example.org)`);
  }
  return url.href.replace(/\/+$/, '');
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return STATIC_DEFAULT_LIMIT;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new UsageError(`--limit: "${value}" is not a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

export interface StaticExportIo {
  /** Where the summary line goes. */
  out: Writable;
  /** Where progress goes (only drawn when it is a TTY). */
  progress: Writable & { isTTY?: boolean };
}

export interface StaticExportResult {
  files: number;
  bytes: number;
}

/** Renders every file and writes it into place; prints one summary line. */
export async function runStaticExport(app: App, options: StaticExportOptions, io: StaticExportIo): Promise<StaticExportResult> {
  const feeds = new FeedService(app.store, {
    ministries: app.config.ministries,
    generator: { name: 'hessenfeed', version: packageInfo.version, uri: packageInfo.homepage },
  });
  const files = await planStaticSite(
    { store: app.store, feeds, ministries: app.config.ministries, sources: app.config.sources, version: packageInfo.version },
    { baseUrl: options.baseUrl, limit: options.limit },
  );
  const tty = io.progress.isTTY === true;
  let bytes = 0;
  try {
    for (const [i, file] of files.entries()) {
      if (tty) io.progress.write(`\r\x1b[2KWriting ${i + 1}/${files.length}: ${file.path}`);
      const body = await file.render();
      await writeAtomically(join(options.outDir, ...file.path.split('/')), body);
      bytes += body.length;
    }
  } finally {
    if (tty) io.progress.write('\r\x1b[2K');
  }
  io.out.write(`Wrote ${files.length} files (${formatBytes(bytes)}) to ${options.outDir} for ${options.baseUrl}/, newest ${options.limit} releases per feed\n`);
  return { files: files.length, bytes };
}

/** Temp file in the same directory (same file system), then rename: readers never see half a file. */
async function writeAtomically(path: string, body: Buffer): Promise<void> {
  const dir = dirname(path);
  // Dot-prefixed, so web servers that hide dotfiles never list or serve a half-written file.
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.hessenfeed-tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, body);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw new StartupError(`cannot write ${path}: ${(err as Error).message}; check that --out names a directory you may write to`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
