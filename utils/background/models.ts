/**
 * The background's models: the reader's choice and the active model read from storage (kept in memory,
 * forgotten whenever storage says they changed), one related-papers service per model slot, embedding
 * through the model's host (`transport`), with bundled models (npm run model:bundle) loaded from the
 * extension itself.
 */
import { browser } from 'wxt/browser';
import shippedCorpus from 'virtual:corpus-index';
import type { NeighborsDb } from './db/schema';
import { CORPUS, CORPUS_VERSION } from './corpus/corpus-data';
import { isKnownModel, modelInfo } from '../shared/models';
import { ACTIVE_MODEL_KEY, saveModelId, settingsFrom } from '../shared/settings';
import { createRemoteEmbedder, type EmbedTransport } from './embedding/remote-embedder';
import { BUNDLED_MODELS_PATH, bundledModelIds } from './embedding/bundled';
import { ORT_WASM_PATH } from './embedding/ort';
import { createRelatedService } from './related/service';
import { createModelManager, type ModelManager } from './related/model-manager';
import { deleteModelVectors } from './db/vector-store';

/** getURL for files added by the build hook, which WXT's generated path types do not list. */
export const extensionUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);

/** Threads for the model: the cores there are, up to 4 (more threads than cores only adds switching). */
const modelThreads = (): number => Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));

export function createModels(db: NeighborsDb, transport: EmbedTransport, onSwitched: () => void): { models: ModelManager; chooseModel(modelId: string): Promise<void> } {
  /** Ids of the models shipped inside the extension; read once per service-worker life. */
  let bundled: Promise<string[]> | null = null;
  const bundledModels = (): Promise<string[]> => (bundled ??= bundledModelIds((path) => fetch(extensionUrl(path))));

  let stored: Promise<Record<string, unknown>> | null = null;
  const readStored = () => (stored ??= browser.storage.local.get(['settings', ACTIVE_MODEL_KEY]));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && ('settings' in changes || ACTIVE_MODEL_KEY in changes)) stored = null;
  });

  const models = createModelManager({
    chosen: async () => {
      const s = settingsFrom((await readStored()).settings);
      return { modelId: s.modelId, host: s.modelHost };
    },
    loadActive: async () => {
      const active = (await readStored())[ACTIVE_MODEL_KEY];
      return typeof active === 'string' && isKnownModel(active) ? active : undefined;
    },
    saveActive: async (modelId) => {
      await browser.storage.local.set({ [ACTIVE_MODEL_KEY]: modelId });
      stored = null;
    },
    makeSlot(modelId, host) {
      const info = modelInfo(modelId);
      const embedder = createRemoteEmbedder(
        {
          modelId: info.id,
          dtype: info.dtype,
          pooling: info.pooling,
          maxTokens: info.maxTokens,
          remoteHost: host,
          wasmUrl: extensionUrl(ORT_WASM_PATH),
          threads: modelThreads(),
          localPath: null,
        },
        (config, texts) => bundledModels().then((ids) => transport(ids.includes(config.modelId) ? { ...config, localPath: extensionUrl(BUNDLED_MODELS_PATH) } : config, texts)),
      );
      const service = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION, shipped: shippedCorpus });
      return { modelId, host, service, state: () => embedder.state(), reset: () => service.retryModel(), onProgress: (l, t) => embedder.onProgress(l, t) };
    },
    dropVectors: async (modelId) => {
      await deleteModelVectors(db, modelId);
    },
    onSwitched,
  });

  return {
    models,
    async chooseModel(modelId) {
      await saveModelId(modelId);
      stored = null;
    },
  };
}
