/** A thin bar showing relatedness in [0, 1], announced to screen readers as a percentage. */
export function SimilarityBar({ score }: { score: number }) {
  const pct = Math.round(Math.min(1, Math.max(0, score)) * 100);
  return (
    <div class="an-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={`Similarity ${pct}%`} title={`Similarity ${pct}%`}>
      <div class="an-bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
