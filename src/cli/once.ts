import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import type { App } from '../app/index.js';
import type { SourceState } from '../model/index.js';
import { countPendingJobs, enqueuePolls, type QueueName } from '../queue/index.js';
import type { Signals } from './io.js';

export interface OnceOptions {
  concurrency: number;
  /** Where the summary goes. */
  out: Writable;
  /** Where progress goes (only drawn when it is a TTY). */
  progress: Writable & { isTTY?: boolean };
  /** SIGINT/SIGTERM end the wait early; queued work stays for the next worker. */
  signals: Pick<Signals, 'on' | 'off'>;
}

export interface SourceSummary {
  id: string;
  entries: number;
  new: number;
  updated: number;
  duplicates: number;
  errors: number;
  lastError?: string;
}

type Counts = SourceState['counts'];

function diff(before: Counts, after: Counts): Counts {
  return {
    entries: after.entries - before.entries,
    new: after.new - before.new,
    updated: after.updated - before.updated,
    duplicates: after.duplicates - before.duplicates,
    errors: after.errors - before.errors,
  };
}

/** A plain fixed-width table: readable in a terminal, easy to grep in a log. */
export function formatSummary(rows: SourceSummary[]): string {
  const header = ['source', 'entries', 'new', 'updated', 'duplicates', 'errors'];
  const cells = rows.map((r) => [r.id, r.entries, r.new, r.updated, r.duplicates, r.errors].map(String));
  const total = ['total', ...[1, 2, 3, 4, 5].map((i) => String(cells.reduce((sum, row) => sum + Number(row[i]), 0)))];
  const all = [header, ...cells, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const errors = rows.filter((r) => r.errors > 0 && r.lastError).map((r) => `${r.id}: ${r.lastError}`);
  return [line(header), ...cells.map(line), line(total), ...(errors.length ? ['', 'Last errors:', ...errors] : [])].join('\n') + '\n';
}

/** A poll's work; backfill walks are `hessenfeed backfill`'s (or a service's), not a single pass's. */
const ONCE_QUEUES: readonly QueueName[] = ['poll', 'scrape', 'ingest'];

/** Polls every source once and works until nothing is left to do; prints a summary per source. */
export async function runOnce(app: App, options: OnceOptions): Promise<number> {
  const ids = app.config.sources.map((s) => s.id);
  const before = await app.store.listSourceStates(ids);
  await enqueuePolls(app.queues.poll, ids, 'manual');
  let done = 0;
  let failed = 0;
  const workers = app.startWorkers({
    queues: ONCE_QUEUES,
    concurrency: options.concurrency,
    onJobDone: (e) => {
      done += 1;
      if (!e.ok) failed += 1;
    },
  });
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  options.signals.on('SIGINT', onSignal);
  options.signals.on('SIGTERM', onSignal);
  const tty = options.progress.isTTY === true;
  try {
    for (;;) {
      const pending = await countPendingJobs(app.queues);
      const left = pending.poll + pending.scrape + pending.ingest;
      if (tty) {
        options.progress.write(`\r\x1b[2K${done} jobs done (${failed} failed) · waiting: poll ${pending.poll}, scrape ${pending.scrape}, ingest ${pending.ingest}`);
      }
      // Each job enqueues its follow-up before it completes, so empty queues mean all work is done.
      if (left === 0 || interrupted) break;
      await sleep(200);
    }
  } finally {
    if (tty) options.progress.write('\r\x1b[2K');
    options.signals.off('SIGINT', onSignal);
    options.signals.off('SIGTERM', onSignal);
    await workers.close();
  }
  const after = await app.store.listSourceStates(ids);
  const rows = after.map((state, i): SourceSummary => ({
    id: state.id,
    ...diff((before[i] ?? state).counts, state.counts),
    lastError: state.lastError?.message,
  }));
  options.out.write(formatSummary(rows));
  if (interrupted) {
    options.out.write('Interrupted: unfinished jobs stay queued and run with the next worker.\n');
    return 130;
  }
  return 0;
}
