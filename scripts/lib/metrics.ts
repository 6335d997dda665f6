/** Ranking-quality metrics of npm run eval: nDCG@k with graded gains (2^g − 1, log2 discount), Recall@k and MRR over the relevant papers. */

/** nDCG@k with gain 2^grade − 1 and discount log2(rank + 1). `grades` maps id → grade. */
export function ndcgAt(k: number, ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  const gain = (g: number) => 2 ** g - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += gain(grades.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the items with grade ≥ 1 found in the first k. */
export function recallAt(k: number, ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  const relevant = [...grades].filter(([, g]) => g >= 1).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Reciprocal rank of the first item with grade 2 (0 when none is ranked). */
export function reciprocalRank(ranked: readonly string[], grades: ReadonlyMap<string, number>): number {
  const i = ranked.findIndex((id) => (grades.get(id) ?? 0) >= 2);
  return i < 0 ? 0 : 1 / (i + 1);
}
