/**
 * `hessenfeed backup > file.ndjson` and `hessenfeed restore < file.ndjson`: the store (items with
 * their text and fingerprints, tag labels, source and page state) as NDJSON, header first. See
 * src/store/backup.ts for what is in a backup and how restore rebuilds the indexes.
 *
 * Restore refuses a KEY_PREFIX that already holds store data (no silent mixing of two histories);
 * `--force` deletes that data first and moves the store version past the old one, so caches and
 * ETags never confuse the two. Queues are never touched. Stop workers while restoring.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../app/index.js';
import { backupStore, BackupFormatError, restoreStore, RestoreRefusedError } from '../store/index.js';

export async function runBackup(app: App, out: Writable, log: Writable): Promise<number> {
  const counts: Record<string, number> = { item: 0, source: 0, page: 0 };
  for await (const record of backupStore({ redis: app.connection, keys: app.store.keys })) {
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    if (!out.write(JSON.stringify(record) + '\n')) await once(out, 'drain');
  }
  log.write(`Backed up ${counts.item} items, ${counts.source} source states and ${counts.page} page states from KEY_PREFIX "${app.env.keyPrefix}".\n`);
  return 0;
}

export async function runRestore(app: App, options: { input: Readable; force: boolean; out: Writable; err: Writable }): Promise<number> {
  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  try {
    const summary = await restoreStore({ redis: app.connection, keys: app.store.keys }, lines, { force: options.force });
    const { header } = summary;
    options.out.write(
      `Restored ${summary.items} items, ${summary.sources} source states and ${summary.pages} page states into KEY_PREFIX "${app.env.keyPrefix}"` +
        ` (backup of "${header.prefix}" made ${header.created})${summary.replaced > 0 ? `; ${summary.replaced} existing store keys were deleted first` : ''}.\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof BackupFormatError || err instanceof RestoreRefusedError)) throw err;
    options.err.write(`hessenfeed: restore: ${err.message}\n`);
    return 1;
  } finally {
    lines.close();
  }
}
