/**
 * Models the extension knows. Nothing here says how a model's cosines read: every model is calibrated
 * on the device against the collection's own background (utils/background/ranking/background.ts).
 */

export interface ModelInfo {
  id: string;
  dtype: 'q8' | 'fp32';
  /** How token vectors become one text vector: the model card's choice. */
  pooling: 'mean' | 'cls';
  /** Tokens a text is truncated to: the length the model is used with in sentence-transformers. */
  maxTokens: number;
  /** Shown in the model picker. */
  label: string;
  /** Approximate download (q8 weights), for the picker. */
  downloadMb: number;
}

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

/** The models offered in the options page. */
const KNOWN: Record<string, Omit<ModelInfo, 'id'>> = {
  'Xenova/all-MiniLM-L6-v2': { dtype: 'q8', pooling: 'mean', maxTokens: 256, label: 'all-MiniLM-L6-v2 (default)', downloadMb: 23 },
  'Xenova/bge-small-en-v1.5': { dtype: 'q8', pooling: 'cls', maxTokens: 512, label: 'bge-small-en-v1.5', downloadMb: 34 },
  'Xenova/gte-small': { dtype: 'q8', pooling: 'mean', maxTokens: 512, label: 'gte-small', downloadMb: 34 },
};

/** Ids of the models a reader can pick, default first. */
export const MODEL_CHOICES = Object.keys(KNOWN);

/** True for a model id the extension offers. */
export function isKnownModel(id: string): boolean {
  return Object.hasOwn(KNOWN, id);
}

/** Known facts about a model id, or generic ones. */
export function modelInfo(id: string): ModelInfo {
  const known = KNOWN[id];
  return known ? { id, ...known } : { id, dtype: 'q8', pooling: 'mean', maxTokens: 512, label: id, downloadMb: 0 };
}
