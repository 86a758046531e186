/**
 * The candidate closest to a misspelled word, or undefined when nothing is close enough to be a
 * plausible typo. `maxPages` finds `max_pages`, `intervall` finds `interval`, `remvoe` finds
 * `remove`, `alias` finds `aliases`.
 */
export function suggestClosest(word: string, candidates: readonly string[]): string | undefined {
  const folded = fold(word);
  const exact = candidates.find((candidate) => fold(candidate) === folded);
  if (exact !== undefined) return exact;
  const limit = Math.max(1, Math.floor(folded.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const other = fold(candidate);
    // A word cut short (`alias`, `max`) or run on is a typo too, however many letters are missing.
    const truncated = folded.length >= 3 && (other.startsWith(folded) || folded.startsWith(other));
    const distance = truncated ? 1 : measureEditDistance(folded, other);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Case, `_` and `-` differences are style slips, not different words. */
function fold(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, '');
}

/** Edit distance counting a swap of neighbouring letters as one edit (optimal string alignment). */
function measureEditDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}
