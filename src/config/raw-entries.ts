/**
 * Cross-checks (duplicates, references between files) run on the raw YAML data even where the
 * schema failed, so one run reports every problem. These helpers read it defensively.
 */
export interface RawEntry {
  index: number;
  entry: Record<string, unknown>;
}

/** The mapping entries of the list under `key`, with their positions; anything else is skipped. */
export function listRawEntries(data: unknown, key: string): RawEntry[] {
  if (!isMapping(data)) return [];
  const list = data[key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown, index) => (isMapping(entry) ? [{ index, entry }] : []));
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function readString(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' ? value : undefined;
}
