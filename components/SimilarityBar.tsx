import type { Relatedness } from '@/utils/shared/levels';
import { levelLabel, percentileText, relatednessText } from './relatedness-text';

/**
 * The row's relatedness: its label in words, a thin bar, and the calibrated number, which shows on
 * hover or when the row has keyboard focus (its space is reserved, so nothing moves).
 */
export function SimilarityBar({ relatedness }: { relatedness: Relatedness }) {
  const pct = Math.round(relatedness.score * 100);
  const text = relatednessText(relatedness);
  return (
    <div class="an-rel" title={text}>
      <span class={`an-level an-level-${relatedness.level}`}>{levelLabel(relatedness)}</span>
      <div class="an-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={text} aria-label="Relatedness">
        <div class="an-bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <span class="an-pct" aria-hidden="true">
        {percentileText(relatedness)}
      </span>
    </div>
  );
}
