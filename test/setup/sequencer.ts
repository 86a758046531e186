/**
 * Test file order: the files that start real processes and run for tens of seconds go first, so
 * they overlap with the many short files instead of starting last and holding the whole run up.
 * vitest orders by the durations of the last run where it has them (the longest first) and by
 * file size on a fresh checkout (CI), where these small files would start last.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The longest files of a run (vitest --reporter=verbose prints each file's time), longest first. */
export const LONGEST_FIRST = [
  'test/e2e-backfill.test.ts',
  'test/roles.test.ts',
  'test/pipeline-concurrency.test.ts',
  'test/pipeline-backfill.test.ts',
  'test/demo.test.ts',
  'test/typecheck.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(file));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the rest keeps vitest's own order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
