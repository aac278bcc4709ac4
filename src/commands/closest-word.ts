/**
 * "Did you mean …?" for command names and argument keys: the candidate with the fewest single-character edits
 * (insert, delete, substitute, swap two neighbours), when few enough edits to be a typo rather than another word.
 */

/** Optimal string alignment distance, by code points (so each CJK character is one). */
export function editDistance(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const rows: number[][] = [];
  for (let i = 0; i <= left.length; i += 1) {
    const row: number[] = [];
    for (let j = 0; j <= right.length; j += 1) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[left.length]?.[right.length] ?? 0;
}

/**
 * The closest candidate to `word` (case-insensitive), or undefined when none is close: at most one edit for words of
 * up to three characters (two-character Chinese words), two for longer ones, and always fewer edits than characters.
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  const length = [...typed].length;
  if (length === 0) return undefined;
  const allowed = Math.min(length <= 3 ? 1 : 2, length - 1);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
