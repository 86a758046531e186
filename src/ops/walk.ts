/** A backfill walk in words, the same on the admin sources page and in `hessenfeed status`. */
import type { WalkState } from '../model/index.js';

/** "backfill at page 13 of about 300", "backfill done: 300 pages", "backfill failed after 40 pages: …". */
export function describeWalk(walk: WalkState): string {
  const skipped = walk.skippedCount > 0 ? `, ${walk.skippedCount} skipped` : '';
  if (walk.status === 'running') {
    // Pages count from 0 inside; people count from 1.
    const at = walk.page + 1;
    const of = walk.estimatedPages !== undefined && walk.estimatedPages >= at ? ` of about ${walk.estimatedPages}` : '';
    return `backfill at page ${at}${of}${skipped}`;
  }
  if (walk.status === 'done') return `backfill done: ${walk.pages} page${walk.pages === 1 ? '' : 's'}${skipped}`;
  return `backfill failed after ${walk.page} page${walk.page === 1 ? '' : 's'}${walk.reason ? `: ${walk.reason}` : ''}`;
}
