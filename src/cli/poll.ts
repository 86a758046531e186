/**
 * `hessenfeed poll <source-id>… | --all`: poll now. Only enqueues manual polls (which skip a
 * failing source's backoff); the workers of a running `hessenfeed start` or `hessenfeed worker`
 * do the work, so the command returns at once and is safe to run from anywhere.
 */
import type { Writable } from 'node:stream';
import type { App } from '../app/index.js';
import { enqueuePolls } from '../queue/index.js';
import { selectSourceIds } from './source-ids.js';

export interface PollOptions {
  ids: string[];
  all: boolean;
  out: Writable;
}

/** A note when no worker listens on the queues, so nobody waits for work that will not happen. */
export async function workerNote(queues: readonly { name: string; getWorkersCount(): Promise<number> }[]): Promise<string> {
  const idle: string[] = [];
  for (const queue of queues) {
    try {
      if ((await queue.getWorkersCount()) === 0) idle.push(queue.name);
    } catch {
      // CLIENT LIST is disabled on some managed Redis services: nothing to say.
    }
  }
  if (idle.length === 0) return '';
  return `No worker is listening on the ${idle.join(', ')} queue(s) right now; the jobs wait until \`hessenfeed start\` or \`hessenfeed worker\` runs.\n`;
}

export async function runPoll(app: App, options: PollOptions): Promise<number> {
  const ids = selectSourceIds(
    app.config.sources.map((s) => s.id),
    options.ids,
    options.all,
    'poll',
  );
  await enqueuePolls(app.queues.poll, ids, 'manual');
  options.out.write(`Queued a poll of ${ids.length} source(s): ${ids.join(', ')}\n`);
  options.out.write(await workerNote([app.queues.poll]));
  return 0;
}
