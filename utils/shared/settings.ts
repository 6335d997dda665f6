/**
 * User settings kept in storage.local. Readers here read storage each time; the background keeps its copy
 * in memory and drops it whenever storage.onChanged reports a change, so a change applies without a restart.
 */
import { browser } from 'wxt/browser';
import { DEFAULT_MODEL_ID, isKnownModel } from './models';

export interface Settings {
  modelId: string;
  /** Base URL serving the hub layout `{model}/resolve/main/{file}`: the hub itself or a mirror. */
  modelHost: string;
}

/** storage.local key of the model whose corpus vectors are complete (the one that ranks). */
export const ACTIVE_MODEL_KEY = 'activeModel';

export const DEFAULT_SETTINGS: Settings = { modelId: DEFAULT_MODEL_ID, modelHost: 'https://huggingface.co/' };

/** Current settings, each field falling back to its default when missing or malformed. */
export async function loadSettings(): Promise<Settings> {
  const { settings } = (await browser.storage.local.get('settings')) as { settings?: unknown };
  return settingsFrom(settings);
}

/** Settings from what storage holds under "settings" (anything, possibly written by an older version). */
export function settingsFrom(stored: unknown): Settings {
  const settings = typeof stored === 'object' && stored !== null ? (stored as Partial<Settings>) : undefined;
  const host = typeof settings?.modelHost === 'string' && /^https?:\/\//.test(settings.modelHost) ? settings.modelHost : DEFAULT_SETTINGS.modelHost;
  const modelId = typeof settings?.modelId === 'string' && isKnownModel(settings.modelId) ? settings.modelId : DEFAULT_SETTINGS.modelId;
  return { modelId, modelHost: host };
}

/**
 * A model host as typed by a reader: trimmed, http(s) only, ending in "/". Returns an error message
 * instead when it cannot be a host.
 */
export function normalizeModelHost(raw: string): { host: string } | { error: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'Enter a full address, such as https://huggingface.co/ or your mirror’s.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'The model host must be an http(s) address.' };
  if (url.search || url.hash) return { error: 'The model host cannot carry a query or a fragment.' };
  return { host: url.href.endsWith('/') ? url.href : `${url.href}/` };
}

/** Stores a new model host (the embedder picks it up on its next request). */
export async function saveModelHost(host: string): Promise<void> {
  const { settings } = (await browser.storage.local.get('settings')) as { settings?: Partial<Settings> };
  await browser.storage.local.set({ settings: { ...settings, modelHost: host } });
}

/** Stores the reader's choice of model; the background switches to it once its vectors are complete. */
export async function saveModelId(modelId: string): Promise<void> {
  if (!isKnownModel(modelId)) throw new Error(`Unknown model: ${modelId}`);
  const { settings } = (await browser.storage.local.get('settings')) as { settings?: Partial<Settings> };
  await browser.storage.local.set({ settings: { ...settings, modelId } });
}
