/**
 * Models the extension knows. Calibrations map a model's cosine to [0, 1] relatedness: the floor is
 * the cosine typical of unrelated ML abstracts, the ceiling that of near-duplicates in topic.
 */
import type { SemanticCalibration } from '../ranking/rank';

export interface ModelInfo {
  id: string;
  dims: number;
  dtype: 'q8' | 'fp32';
  calibration: SemanticCalibration;
}

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

const KNOWN: Record<string, Omit<ModelInfo, 'id'>> = {
  // MiniLM cosines of unrelated CS abstracts sit around 0.05–0.2 and of same-topic papers at 0.45–0.8
  // (a prior, not measured here: the real weights cannot be downloaded on the development machines).
  'Xenova/all-MiniLM-L6-v2': { dims: 384, dtype: 'q8', calibration: { floor: 0.2, ceiling: 0.7 } },
};

/** The generic calibration used for models without a measured one. */
const GENERIC: SemanticCalibration = { floor: 0.2, ceiling: 0.7 };

/** Known facts about a model id, or generic ones. */
export function modelInfo(id: string): ModelInfo {
  const known = KNOWN[id];
  return known ? { id, ...known } : { id, dims: 0, dtype: 'q8', calibration: GENERIC };
}

/** The semantic calibration for a model id. */
export function calibrationFor(id: string): SemanticCalibration {
  return modelInfo(id).calibration;
}
