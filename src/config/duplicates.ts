import { formatPath, type PathSegment } from './describe-issues.js';

export interface Occurrence {
  path: PathSegment[];
  /** What must be unique, already normalized for comparison. */
  key: string;
  /** As written, for the message. */
  shown: string;
  /** How other occurrences refer to this one; defaults to the entry that holds it (`sources[0]`). */
  reference?: PathSegment[];
}

/**
 * One problem per repeated occurrence, pointing back to the others:
 * `sources[2].id: "soziales-presse" is used twice (also sources[0])`.
 */
export function findDuplicates(file: string, occurrences: readonly Occurrence[]): string[] {
  const byKey = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences) {
    byKey.set(occurrence.key, [...(byKey.get(occurrence.key) ?? []), occurrence]);
  }
  const problems: string[] = [];
  for (const group of byKey.values()) {
    for (const occurrence of group.slice(1)) {
      const others = group.filter((other) => other !== occurrence).map((other) => formatPath(other.reference ?? ownerOf(other.path)));
      const times = group.length === 2 ? 'twice' : `${group.length} times`;
      problems.push(
        `${file}: ${formatPath(occurrence.path)}: ${JSON.stringify(occurrence.shown)} is used ${times} (also ${others.join(', ')})`,
      );
    }
  }
  return problems;
}

/** `sources[0].id` → `sources[0]`: the other entry is what the reader looks for. */
function ownerOf(path: readonly PathSegment[]): readonly PathSegment[] {
  const last = path.at(-1);
  return typeof last === 'string' && path.length > 1 ? path.slice(0, -1) : path;
}
