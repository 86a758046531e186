/**
 * `hessenfeed backfill [--source id]… [--since YYYY-MM-DD] [--pages N] [--restart] [--json]`:
 * walks every page of the listing sources until each listing ends (pipeline/backfill.ts), with
 * workers in this process for the backfill, scrape and ingest queues; the workers of a running
 * service share the work. A walk lives in the store, so an interrupted run (Ctrl-C, a kill, a
 * Redis restart) goes on where it got to when run again, and a finished walk is not repeated
 * unless --restart asks for it. Progress shows on a terminal; a summary per source ends the run.
 */
import type { App } from '../app/index.js';
import type { Source, WalkState } from '../model/index.js';
import { formatDuration } from '../ops/index.js';
import { startBackfill, type BackfillStart } from '../pipeline/index.js';
import { countPendingJobs } from '../queue/index.js';
import { EXIT, type Output, type Signals } from './io.js';
import { unknownSourceError } from './source-ids.js';
import { formatTable, truncate } from './table.js';
import { UsageError } from './usage-error.js';

/** Exit code of a run stopped by SIGINT/SIGTERM: the shell's code for "ended by SIGINT". */
const EXIT_INTERRUPTED = 130;
const MAX_PAGES = 100_000;
const REFRESH_MS = 200;

export interface BackfillCommandOptions {
  /** Sources to walk; none: every listing source. */
  sourceIds: readonly string[];
  since?: string;
  maxPages?: number;
  restart: boolean;
  json: boolean;
  concurrency: number;
  /** The summary. */
  out: Output;
  /** Notes and progress (progress only when it is a terminal). */
  err: Output;
  /** SIGINT/SIGTERM stop the run; the walks stay where they got to. */
  signals: Pick<Signals, 'on' | 'off'>;
}

/** `--since`: a real calendar day, YYYY-MM-DD. */
export function parseSince(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--since: "${value}" is not a date like 2020-01-31 (YYYY-MM-DD)`);
  }
  return value;
}

/** `--pages`: a whole number from 1 to 100 000. */
export function parsePages(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pages = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(pages >= 1 && pages <= MAX_PAGES)) throw new UsageError(`--pages: "${value}" is not a whole number from 1 to ${MAX_PAGES}`);
  return pages;
}

function selectSources(configured: readonly Source[], ids: readonly string[]): Source[] {
  if (ids.length === 0) return [...configured];
  const known = configured.map((s) => s.id);
  for (const id of ids) if (!known.includes(id)) throw unknownSourceError('--source', id, known);
  return configured.filter((s) => ids.includes(s.id));
}

function describeStart(start: BackfillStart, options: BackfillCommandOptions): string {
  const { walk } = start;
  const id = walk.sourceId;
  switch (start.action) {
    case 'started':
      return `${id}: backfill started at ${walk.url ?? ''}`;
    case 'restarted':
      return `${id}: backfill started again from the first page`;
    case 'finished':
      return `${id}: its backfill is done (${walk.reason ?? 'finished'}); --restart walks it again`;
    case 'resumed': {
      const asked = (options.since !== undefined && options.since !== walk.since) || (options.maxPages !== undefined && options.maxPages !== walk.maxPages);
      const limits = asked ? ' with the --since/--pages it started with (--restart starts over with new ones)' : '';
      return `${id}: resuming the backfill after ${walk.page} finished page(s), at ${walk.url ?? ''}${limits}`;
    }
  }
}

// ── progress ────────────────────────────────────────────────────────────────────────────────────

interface Totals {
  /** Pages finished (read, skipped, or the one that ended a walk). */
  pages: number;
  /** Pages in all, when every walk's end is known or estimated. */
  estimate?: number;
  found: number;
  new: number;
  duplicates: number;
  errors: number;
  skipped: number;
}

function addUp(walks: readonly WalkState[]): Totals {
  const totals: Totals = { pages: 0, estimate: 0, found: 0, new: 0, duplicates: 0, errors: 0, skipped: 0 };
  for (const walk of walks) {
    totals.pages += walk.page;
    totals.found += walk.found;
    totals.new += walk.new;
    totals.duplicates += walk.duplicates;
    totals.errors += walk.errors;
    totals.skipped += walk.skippedCount;
    const end = walk.status !== 'running' ? walk.page : walk.estimatedPages !== undefined ? Math.max(walk.estimatedPages, walk.page) : undefined;
    totals.estimate = end === undefined || totals.estimate === undefined ? undefined : totals.estimate + end;
  }
  return totals;
}

function progressLine(walks: readonly WalkState[], pending: { scrape: number; ingest: number }, pagesPerSecond: number | undefined): string {
  const t = addUp(walks);
  const running = walks.filter((w) => w.status === 'running').length;
  const of = t.estimate !== undefined && running > 0 ? ` of about ${t.estimate}` : '';
  const rate = pagesPerSecond === undefined ? '' : ` · ${pagesPerSecond.toFixed(1)} pages/s`;
  const left =
    pagesPerSecond !== undefined && pagesPerSecond > 0 && t.estimate !== undefined && running > 0
      ? ` · about ${formatDuration(((t.estimate - t.pages) / pagesPerSecond) * 1000)} left`
      : '';
  const walking = running > 0 ? `${running} of ${walks.length} walk(s) running` : 'walks done, finishing the articles';
  return (
    `backfill: ${walking} · ${t.pages}${of} pages · ${t.found} found · ${t.new} new · ${t.duplicates} duplicates · ` +
    `${t.errors} errors · ${t.skipped} skipped${rate}${left} · queued: scrape ${pending.scrape}, ingest ${pending.ingest}`
  );
}

// ── summary ─────────────────────────────────────────────────────────────────────────────────────

/** A walk as the summary shows it (the JSON of --json). */
export type BackfillSummaryRow = { id: string } & Omit<WalkState, 'sourceId' | 'page' | 'url' | 'signature' | 'skippedInRow' | 'updatedAt'>;

function summaryRow(walk: WalkState): BackfillSummaryRow {
  // Where the walk would go on and how it compares pages are its own business, not the summary's.
  const { sourceId, page: _page, url: _url, signature: _signature, skippedInRow: _inRow, updatedAt: _updated, ...shown } = walk;
  return { id: sourceId, ...shown };
}

export function formatBackfillSummary(rows: readonly BackfillSummaryRow[]): string {
  const numbers = (r: Pick<BackfillSummaryRow, 'pages' | 'found' | 'new' | 'duplicates' | 'errors' | 'skippedCount'>): string[] =>
    [r.pages, r.found, r.new, r.duplicates, r.errors, r.skippedCount].map(String);
  const sum = (key: 'pages' | 'found' | 'new' | 'duplicates' | 'errors' | 'skippedCount'): number => rows.reduce((n, r) => n + r[key], 0);
  const total = { pages: sum('pages'), found: sum('found'), new: sum('new'), duplicates: sum('duplicates'), errors: sum('errors'), skippedCount: sum('skippedCount') };
  const table = formatTable(
    ['source', 'status', 'pages', 'found', 'new', 'duplicates', 'errors', 'skipped'],
    [...rows.map((r) => [r.id, r.status, ...numbers(r)]), ['total', '', ...numbers(total)]],
    [2, 3, 4, 5, 6, 7],
  );
  const ends = rows.filter((r) => r.reason !== undefined).map((r) => `  ${r.id}: ${r.reason}`);
  const skipped = rows.flatMap((r) => [
    ...r.skipped.map((p) => `  ${r.id} page ${p.page} ${p.url}: ${truncate(p.error, 200)}`),
    ...(r.skippedCount > r.skipped.length ? [`  ${r.id}: ${r.skippedCount - r.skipped.length} more`] : []),
  ]);
  return [table, ...(ends.length ? ['', 'Ended:', ...ends] : []), ...(skipped.length ? ['', 'Skipped pages:', ...skipped] : [])].join('\n') + '\n';
}

// ── the command ─────────────────────────────────────────────────────────────────────────────────

export async function runBackfill(app: App, options: BackfillCommandOptions): Promise<number> {
  const selected = selectSources(app.config.sources, options.sourceIds);
  const feeds = selected.filter((s) => s.type !== 'listing');
  const listings = selected.filter((s) => s.type === 'listing');
  for (const feed of feeds) options.err.write(`${feed.id}: skipped, a feed has no pages to walk\n`);
  if (listings.length === 0) {
    options.err.write('No listing source to backfill.\n');
    options.out.write(options.json ? `${JSON.stringify({ sources: [], interrupted: false }, null, 2)}\n` : 'Nothing to backfill.\n');
    return EXIT.ok;
  }
  const ids = listings.map((s) => s.id);
  for (const source of listings) {
    const start = await startBackfill(app.deps, source, { since: options.since, maxPages: options.maxPages, restart: options.restart });
    options.err.write(`${describeStart(start, options)}\n`);
  }
  const workers = app.startWorkers({ queues: ['backfill', 'scrape', 'ingest'], concurrency: options.concurrency });
  const tty = options.err.isTTY === true;
  let interrupted = false;
  let closing: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (): void => {
    if (interrupted) return;
    interrupted = true;
    // Closing now, not at the next refresh: no worker takes another job (the next page a running
    // page job queues stays queued for the next run), the jobs in progress finish.
    closing = workers.close();
    options.err.write(`${tty ? '\r\x1b[2K' : ''}Stopping: the pages and releases in progress finish, nothing new starts.\n`);
    wake?.();
  };
  options.signals.on('SIGINT', onSignal);
  options.signals.on('SIGTERM', onSignal);
  const started = performance.now();
  let pagesAtStart: number | undefined;
  try {
    for (;;) {
      const walks = (await app.store.listWalks(ids)).filter((w): w is WalkState => w !== undefined);
      const pending = await countPendingJobs(app.queues);
      if (tty) {
        const pages = addUp(walks).pages;
        pagesAtStart ??= pages;
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds >= 1 ? (pages - pagesAtStart) / seconds : undefined;
        options.err.write(`\r\x1b[2K${progressLine(walks, pending, rate)}`);
      }
      // A page queues its articles before it is recorded, so ended walks and no queued article mean all is done.
      const ended = walks.length === ids.length && walks.every((w) => w.status !== 'running');
      if ((ended && pending.scrape + pending.ingest === 0) || interrupted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, REFRESH_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    if (tty) options.err.write('\r\x1b[2K');
    options.signals.off('SIGINT', onSignal);
    options.signals.off('SIGTERM', onSignal);
    await (closing ?? workers.close());
  }
  const rows = (await app.store.listWalks(ids)).flatMap((w) => (w ? [summaryRow(w)] : []));
  options.out.write(options.json ? `${JSON.stringify({ sources: rows, interrupted }, null, 2)}\n` : formatBackfillSummary(rows));
  if (interrupted) {
    options.err.write('Interrupted: each walk stays where it got to; run the same command again to go on.\n');
    return EXIT_INTERRUPTED;
  }
  return rows.some((r) => r.status === 'failed' || r.skippedCount > 0) ? EXIT.failure : EXIT.ok;
}
