import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { App } from '../app/index.js';

/** Writes every stored item, newest first, as one JSON object per line (NDJSON). */
export async function runExport(app: App, out: Writable): Promise<number> {
  for await (const item of app.store.iterateItems()) {
    if (!out.write(JSON.stringify(item) + '\n')) await once(out, 'drain');
  }
  return 0;
}
