/**
 * How well `text` matches `query`, higher is better; null when it does not match. Every word of
 * the query must occur in the text: as a substring (best when at the start of a word), or else
 * as a subsequence of letters ("rnal" finds "Run all"), which scores lower.
 */
export function matchScore(text: string, query: string): number | null {
  const haystack = text.toLowerCase();
  let total = 0;
  for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    const score = wordScore(haystack, word);
    if (score === null) return null;
    total += score;
  }
  return total;
}

function wordScore(haystack: string, word: string): number | null {
  const at = haystack.indexOf(word);
  if (at >= 0) {
    const startsWord = at === 0 || /[^a-z0-9]/.test(haystack[at - 1] ?? "");
    return (startsWord ? 300 : 200) - Math.min(at, 99);
  }
  let from = 0;
  let gaps = 0;
  for (const letter of word) {
    const found = haystack.indexOf(letter, from);
    if (found < 0) return null;
    gaps += found - from;
    from = found + 1;
  }
  return Math.max(1, 100 - gaps);
}

/** The items whose label matches `query`, best first; all of them, in order, for an empty query. */
export function filterByLabel<T extends { label: string }>(items: readonly T[], query: string): T[] {
  if (query.trim() === "") return [...items];
  return items
    .map((item, index) => ({ item, index, score: matchScore(item.label, query) }))
    .filter((entry): entry is { item: T; index: number; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.item);
}
