/**
 * Models shipped inside the extension by `npm run model:bundle`: their files sit under /models/<id>/ and
 * /models/bundled.json lists them (the build always ships that list, empty when nothing is bundled).
 * A bundled model is loaded from the extension itself and never downloaded.
 */
export const BUNDLED_MODELS_PATH = '/models/';
export const BUNDLED_INDEX_PATH = '/models/bundled.json';

/** The list's ids; an absent or malformed list means none. */
export async function bundledModelIds(get: (path: string) => Promise<Response>): Promise<string[]> {
  try {
    const response = await get(BUNDLED_INDEX_PATH);
    if (!response.ok) return [];
    const list = (await response.json()) as { models?: unknown };
    return Array.isArray(list.models) ? list.models.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}
