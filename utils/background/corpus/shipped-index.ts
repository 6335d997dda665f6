/**
 * The corpus's keyword index and keyword calibration as the build computes them (wxt.config.ts puts
 * them in the background bundle as data), and the same computed here for tests and Node scripts. A
 * service worker starting cold reads them instead of tokenising 70 abstracts and measuring their
 * background: nothing is computed at start-up that the build could compute.
 */
import { buildLexicalIndex, decodeIndexData, encodeIndexData, exportIndex, importIndex, type IndexData, type LexicalIndex } from '../ranking/lexical';
import { calibrate, type Calibration } from '../ranking/rank';
import type { CorpusPaper } from './types';

/** What the build ships: plain JSON. */
export interface ShippedCorpus {
  corpusVersion: string;
  /** encodeIndexData of the corpus's index. */
  index: string;
  calibration: Omit<Calibration, 'pairs'> & { pairs: number[] };
}

/** Computes the shipped data of a corpus (at build time). */
export function shipCorpus(corpus: readonly CorpusPaper[], corpusVersion: string): ShippedCorpus {
  const index = buildLexicalIndex(corpus);
  const calibration = calibrate(index, corpus);
  return { corpusVersion, index: encodeIndexData(exportIndex(index)), calibration: { ...calibration, pairs: Array.from(calibration.pairs) } };
}

/** The keyword calibration the shipped data describes. */
export function shippedCalibration(shipped: ShippedCorpus): Calibration {
  return { ...shipped.calibration, pairs: Float32Array.from(shipped.calibration.pairs) };
}

const decoded = new WeakMap<ShippedCorpus, IndexData>();

/** A fresh index (papers may be added to it) over the shipped data, decoded once. */
export function shippedIndex(shipped: ShippedCorpus): LexicalIndex {
  let data = decoded.get(shipped);
  if (!data) decoded.set(shipped, (data = decodeIndexData(shipped.index)));
  return importIndex(data);
}
