/** Source ids given on the command line, checked against config with messages that list the valid ones. */
import { UsageError } from './usage-error.js';

export function unknownSourceError(option: string, id: string, known: readonly string[]): UsageError {
  return new UsageError(`${option}: "${id}" is not a configured source; configured sources: ${known.join(', ') || '(none)'}`);
}

/** The source ids to act on: `ids`, or every configured one with `all`; throws UsageError. */
export function selectSourceIds(configured: readonly string[], ids: readonly string[], all: boolean, command: string): string[] {
  if (all && ids.length > 0) throw new UsageError(`${command}: give source ids or --all, not both`);
  if (all) return [...configured];
  if (ids.length === 0) throw new UsageError(`${command}: name the source(s), or --all; configured sources: ${configured.join(', ') || '(none)'}`);
  for (const id of ids) if (!configured.includes(id)) throw unknownSourceError(command, id, configured);
  return [...new Set(ids)];
}
