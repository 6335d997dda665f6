/** User settings kept in storage.local; read fresh on every use so a change applies without a restart. */
import { browser } from 'wxt/browser';
import { DEFAULT_MODEL_ID } from './embedding/models';

export interface Settings {
  modelId: string;
  /** Base URL serving the hub layout `{model}/resolve/main/{file}`: the hub itself or a mirror. */
  modelHost: string;
}

export const DEFAULT_SETTINGS: Settings = { modelId: DEFAULT_MODEL_ID, modelHost: 'https://huggingface.co/' };

/** Current settings, each field falling back to its default when missing or malformed. */
export async function loadSettings(): Promise<Settings> {
  const { settings } = (await browser.storage.local.get('settings')) as { settings?: Partial<Settings> };
  const host = typeof settings?.modelHost === 'string' && /^https?:\/\//.test(settings.modelHost) ? settings.modelHost : DEFAULT_SETTINGS.modelHost;
  const modelId = typeof settings?.modelId === 'string' && settings.modelId ? settings.modelId : DEFAULT_SETTINGS.modelId;
  return { modelId, modelHost: host };
}
