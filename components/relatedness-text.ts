import { LEVEL_LABEL, type Relatedness } from '@/utils/shared/levels';

/** "Very close", "Related" or "Loosely related": the one vocabulary of every surface. */
export function levelLabel(r: Relatedness): string {
  return LEVEL_LABEL[r.level];
}

/**
 * One decimal at most, written without Intl: on a fresh profile the page's first Intl call (toLocaleString
 * loading its number formats) took ~40 ms, which made the panel's first render a long task on the reader's page.
 * Percentiles stay below 100, so no digit grouping is lost.
 */
const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);

/** The calibrated number behind a label, in words: where the pair stands among the collection's pairs. */
export function percentileText(r: Relatedness): string {
  return r.percentile >= 99.9 ? 'closer than almost every pair of papers in the collection' : `closer than ${oneDecimal(r.percentile)} % of paper pairs in the collection`;
}

/** Label and number together, for tooltips and screen readers. */
export function relatednessText(r: Relatedness): string {
  return `${levelLabel(r)}: ${percentileText(r)}`;
}
