import { LEVEL_LABEL, type Relatedness } from '@/utils/shared/levels';

/** "Very close", "Related" or "Loosely related": the one vocabulary of every surface. */
export function levelLabel(r: Relatedness): string {
  return LEVEL_LABEL[r.level];
}

/** The calibrated number behind a label, in words: where the pair stands among the collection's pairs. */
export function percentileText(r: Relatedness): string {
  return r.percentile >= 99.9 ? 'closer than almost every pair of papers in the collection' : `closer than ${r.percentile.toLocaleString('en', { maximumFractionDigits: 1 })} % of paper pairs in the collection`;
}

/** Label and number together, for tooltips and screen readers. */
export function relatednessText(r: Relatedness): string {
  return `${levelLabel(r)}: ${percentileText(r)}`;
}
