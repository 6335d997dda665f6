/**
 * The background: validates every message, owns the database, the related-papers and reading-list
 * services, and forwards embedding work to the model host (offscreen document on Chrome, a Worker on
 * Firefox). It also owns the context-menu item and the "save current paper" command.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/utils/background/db/schema';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import shippedCorpus from 'virtual:corpus-index';
import { isKnownModel, modelInfo } from '@/utils/shared/models';
import { createRemoteEmbedder } from '@/utils/background/embedding/remote-embedder';
import { offscreenTransport } from '@/utils/background/embedding/offscreen-transport';
import { chooseTransport } from '@/utils/background/embedding/transport';
import { createRelatedService } from '@/utils/background/related/service';
import { createModelManager } from '@/utils/background/related/model-manager';
import { deleteModelVectors } from '@/utils/background/db/vector-store';
import { ACTIVE_MODEL_KEY, saveModelId, settingsFrom } from '@/utils/shared/settings';
import { BUNDLED_MODELS_PATH, bundledModelIds } from '@/utils/background/embedding/bundled';
import { createLibraryService } from '@/utils/background/library/service';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';
import { sendToTab } from '@/utils/shared/messages/client';
import { serve } from '@/utils/shared/messages/serve';
import { backgroundHandlers, trustedSender } from '@/utils/background/handlers';
import { ORT_WASM_PATH } from '@/utils/background/embedding/ort';
import { startEmbedWorker } from '@/utils/model/worker-url';
import { isArxivHost } from '@/utils/shared/arxiv/ids';
import { ABS_LINK_PATTERNS, CONTEXT_MENU_ID, createSaveHandlers } from '@/utils/background/library/save-handlers';
import { plainMessage } from '@/utils/shared/plain-errors';
import { withHealedDb } from '@/utils/background/db/heal';
import { LIBRARY_REVISION_KEY } from '@/utils/shared/library/revision';

/** getURL for files added by the build hook, which WXT's generated path types do not list. */
const extensionUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);

/** Ids of the models shipped inside the extension (npm run model:bundle); read once per service-worker life. */
let bundled: Promise<string[]> | null = null;
const bundledModels = (): Promise<string[]> => (bundled ??= bundledModelIds((path) => fetch(extensionUrl(path))));

/** Threads for the model: the cores there are, up to 4 (more threads than cores only adds switching). */
const modelThreads = (): number => Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));

export default defineBackground({
  type: 'module',
  main() {
    const db = createDb();
    const transport = chooseTransport({
      firefox: import.meta.env.FIREFOX,
      makeWorker: startEmbedWorker,
      onProgress: (modelId, loaded, total) => models.progress(modelId, loaded, total),
      offscreen: offscreenTransport,
    });

    let revision = 0;
    /** Every open panel, popup and library page listens to this key and refreshes. */
    function notifyViews() {
      // A fresh value every time (two changes in one millisecond must both notify).
      revision += 1;
      void browser.storage.local.set({ [LIBRARY_REVISION_KEY]: `${Date.now()}-${revision}` }).catch(() => undefined);
    }

    // Settings are read on every request: kept in memory, and forgotten whenever storage says they changed.
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
      onSwitched: notifyViews,
    });

    const library = createLibraryService({
      db,
      corpus: CORPUS,
      onChange(change) {
        models.invalidate(change);
        notifyViews();
      },
    });

    const ownOrigin = new URL(browser.runtime.getURL('/')).origin;
    const handlers = backgroundHandlers({
      db,
      models,
      library,
      corpus: CORPUS,
      notifyViews,
      chooseModel: async (modelId) => {
        await saveModelId(modelId);
        stored = null;
      },
      openTab: async (path) => void (await browser.tabs.create({ url: extensionUrl(path) })),
      estimateStorage: async () => (await navigator.storage?.estimate?.()) ?? null,
    });
    serve({
      to: 'background',
      parse: parseBackgroundMessage,
      trusted: (sender) => trustedSender(sender, browser.runtime.id, ownOrigin, isArxivHost),
      // On a database handle reopened if it had failed.
      handle: ({ name, payload }, sender) => withHealedDb(db, () => (handlers[name] as (p: unknown, s: typeof sender) => Promise<unknown>)(payload, sender)),
      describe: plainMessage,
    });

    const saveHandlers = createSaveHandlers({
      save: (paper) => library.save(paper),
      pagePaper: async (tabId) => (await sendToTab(tabId, 'getPagePaper', {})).paper,
      activeTab: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0],
    });

    browser.runtime.onInstalled.addListener(() => {
      browser.contextMenus.create({ id: CONTEXT_MENU_ID, title: 'Save to reading list', contexts: ['link'], targetUrlPatterns: ABS_LINK_PATTERNS });
    });
    browser.contextMenus.onClicked.addListener((info) => void saveHandlers.onContextMenuClick(info).catch(() => undefined));
    browser.commands.onCommand.addListener((command, tab) => void saveHandlers.onCommand(command, tab).catch(() => undefined));
  },
});
