/**
 * `hessenfeed retry-failed [--queue poll|scrape|ingest]`: moves every failed job back to waiting,
 * e.g. after a site outage or a fix. Failed jobs are kept for a day (see queue RETENTION), so this
 * reaches the failures of the last 24 hours.
 */
import type { Writable } from 'node:stream';
import type { App } from '../app/index.js';
import type { QueueName } from '../queue/index.js';
import { workerNote } from './poll.js';

export async function runRetryFailed(app: App, options: { queues: readonly QueueName[]; out: Writable }): Promise<number> {
  let total = 0;
  for (const name of options.queues) {
    const queue = app.queues[name];
    const { failed = 0 } = await queue.getJobCounts('failed');
    if (failed > 0) await queue.retryJobs({ state: 'failed' });
    total += failed;
    options.out.write(`${name}: ${failed} failed job(s) retried\n`);
  }
  if (total > 0) options.out.write(await workerNote(options.queues.map((name) => app.queues[name])));
  return 0;
}
