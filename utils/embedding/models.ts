/**
 * Models the extension knows. Calibrations map a model's cosine to [0, 1] relatedness: the floor is
 * the cosine typical of unrelated ML abstracts, the ceiling that of near-duplicates in topic.
 */
import type { SemanticCalibration } from '../ranking/rank';

export interface ModelInfo {
  id: string;
  dims: number;
  dtype: 'q8' | 'fp32';
  /** How token vectors become one text vector: the model card's choice. */
  pooling: 'mean' | 'cls';
  /** Tokens a text is truncated to: the length the model is used with in sentence-transformers. */
  maxTokens: number;
  calibration: SemanticCalibration;
  /** Shown in the model picker. */
  label: string;
  /** Approximate download (q8 weights), for the picker. */
  downloadMb: number;
}

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

/**
 * The models offered in the options page. Calibrations are priors from the models' published cosine
 * ranges, not measured here (the real weights cannot be downloaded on the development machines):
 * MiniLM puts unrelated CS abstracts around 0.05–0.2 and same-topic papers at 0.45–0.8; bge-small and
 * gte-small compress everything upwards (unrelated ≈ 0.55 / 0.7).
 */
const KNOWN: Record<string, Omit<ModelInfo, 'id'>> = {
  'Xenova/all-MiniLM-L6-v2': { dims: 384, dtype: 'q8', pooling: 'mean', maxTokens: 256, calibration: { floor: 0.2, ceiling: 0.7 }, label: 'all-MiniLM-L6-v2 (default)', downloadMb: 23 },
  'Xenova/bge-small-en-v1.5': { dims: 384, dtype: 'q8', pooling: 'cls', maxTokens: 512, calibration: { floor: 0.55, ceiling: 0.85 }, label: 'bge-small-en-v1.5', downloadMb: 34 },
  'Xenova/gte-small': { dims: 384, dtype: 'q8', pooling: 'mean', maxTokens: 512, calibration: { floor: 0.72, ceiling: 0.9 }, label: 'gte-small', downloadMb: 34 },
};

/** Ids of the models a reader can pick, default first. */
export const MODEL_CHOICES = Object.keys(KNOWN);

/** True for a model id the extension offers. */
export function isKnownModel(id: string): boolean {
  return Object.hasOwn(KNOWN, id);
}

/** The generic calibration used for models without a measured one. */
const GENERIC: SemanticCalibration = { floor: 0.2, ceiling: 0.7 };

/** Known facts about a model id, or generic ones. */
export function modelInfo(id: string): ModelInfo {
  const known = KNOWN[id];
  return known ? { id, ...known } : { id, dims: 0, dtype: 'q8', pooling: 'mean', maxTokens: 512, calibration: GENERIC, label: id, downloadMb: 0 };
}

/** The semantic calibration for a model id. */
export function calibrationFor(id: string): SemanticCalibration {
  return modelInfo(id).calibration;
}
