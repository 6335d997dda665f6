/**
 * The background: validates every message, owns the database, the related-papers and reading-list
 * services, and forwards embedding work to the model host (offscreen document on Chrome, a Worker on
 * Firefox). It also owns the context-menu item and the "save current paper" command.
 */
import { browser, type Browser } from 'wxt/browser';
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
import { libraryHandlers } from '@/utils/background/library/handlers';
import { parseEnvelope, type Envelope, type ErrorResponse, type MessageName, type Request, type Response } from '@/utils/shared/messages/protocol';
import { ORT_WASM_PATH } from '@/utils/background/embedding/ort';
import { startEmbedWorker } from '@/utils/model/worker-url';
import { isArxivHost } from '@/utils/shared/arxiv/ids';
import { ABS_LINK_PATTERNS, CONTEXT_MENU_ID, createSaveHandlers } from '@/utils/background/library/save-handlers';
import { dismiss, NOT_FOR_ME, undismiss } from '@/utils/background/db/dismissals';
import { mergePaperRecord } from '@/utils/background/db/paper-record';
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

    const relatedService = () => models.service();

    /**
     * Only this extension's own pages (popup, library, offscreen document; also when opened in a tab)
     * and its content scripts on arXiv may talk to the background.
     */
    const ownOrigin = new URL(browser.runtime.getURL('/')).origin;
    function trusted(sender: Browser.runtime.MessageSender): boolean {
      if (sender.id !== browser.runtime.id) return false;
      try {
        const url = sender.url ? new URL(sender.url) : null;
        if (url?.origin === ownOrigin) return true;
        return sender.tab !== undefined && url !== null && isArxivHost(url);
      } catch {
        return false;
      }
    }

    type Handlers = { [K in MessageName]: (payload: Request<K>, sender: Browser.runtime.MessageSender) => Promise<Response<K> | ErrorResponse> | undefined };

    const handlers: Handlers = {
      getRelated: async (p) => (await relatedService()).getRelated(p.paper, p.wait),
      retryModel: async () => {
        await models.retry();
        return { ok: true };
      },
      getStats: async () => (await relatedService()).stats(),
      getModelStatus: () => models.status(),
      chooseModel: async (p) => {
        await saveModelId(p.modelId);
        stored = null;
        return models.status();
      },
      reportModelProgress: async (p, sender) => {
        if (sender.tab) return { error: 'Not allowed from a page.' };
        models.progress(p.modelId, p.loaded, p.total);
        return { ok: true };
      },
      // Addressed to the offscreen document / content scripts: the background stays silent.
      embedInOffscreen: () => undefined,
      getPagePaper: () => undefined,
      annotateListing: async (p) => (await relatedService()).annotate(p.entries, p.semantic),
      forYouListing: async (p) => (await relatedService()).forYou(p.entries, p.semantic),
      notForMe: async (p) => {
        const { id, title, abstract } = p.paper;
        await db.transaction('rw', db.papers, async () => {
          const paper = { id, version: null, title, abstract: abstract ?? '', authors: [], primarySubject: null, subjects: [], submitted: [] };
          await db.papers.put(mergePaperRecord(id, paper, await db.papers.get(id), CORPUS.find((c) => c.id === id), 'visited', Date.now()));
        });
        await dismiss(db, NOT_FOR_ME, id);
        return { ok: true };
      },
      forMeAgain: async (p) => ({ restored: await undismiss(db, NOT_FOR_ME, p.id) }),
      forYouToday: async () => ({ items: await (await relatedService()).forYouToday() }),
      getRelatedById: async (p) => ({ related: await (await relatedService()).getRelatedById(p.id, p.wait) }),
      search: async (p) => (await relatedService()).search(p.query, p.scope),
      ...libraryHandlers(library),
      openHowItWorks: async () => {
        await browser.tabs.create({ url: browser.runtime.getURL('/library.html#how') });
        return { ok: true };
      },
      dismissPaper: async (p) => {
        await dismiss(db, p.forId, p.paperId);
        notifyViews();
        return { ok: true };
      },
      restorePaper: async (p) => {
        const restored = await undismiss(db, p.forId, p.paperId);
        notifyViews();
        return { restored };
      },
      getStorage: async () => {
        const estimate = await navigator.storage?.estimate?.().catch(() => null);
        const [saved, papers, vectors] = await Promise.all([db.readingList.count(), db.papers.count(), db.vectors.count()]);
        return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, saved, papers, vectors };
      },
    };

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      const env = parseEnvelope(message) as Envelope | null;
      if (env?.name === 'embedInOffscreen' || env?.name === 'getPagePaper') return undefined;
      if (!trusted(sender)) return Promise.resolve({ error: 'Unknown sender.' } satisfies ErrorResponse);
      if (!env) return Promise.resolve({ error: 'Malformed message.' } satisfies ErrorResponse);
      const handler = handlers[env.name] as (payload: unknown, sender: Browser.runtime.MessageSender) => Promise<unknown> | undefined;
      // Every answer's error in words (the one mapping), on a database handle reopened if it had failed.
      // (The two messages the background never answers returned above.)
      return withHealedDb(db, async () => handler(env.payload, sender)).catch((e: unknown) => ({ error: plainMessage(e) }) satisfies ErrorResponse);
    });

    const saveHandlers = createSaveHandlers({
      save: (paper) => library.save(paper),
      async pagePaper(tabId) {
        const answer = (await browser.tabs.sendMessage(tabId, { name: 'getPagePaper', payload: {} })) as Response<'getPagePaper'> | undefined;
        return answer?.paper ?? null;
      },
      activeTab: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0],
    });

    browser.runtime.onInstalled.addListener(() => {
      browser.contextMenus.create({ id: CONTEXT_MENU_ID, title: 'Save to reading list', contexts: ['link'], targetUrlPatterns: ABS_LINK_PATTERNS });
    });
    browser.contextMenus.onClicked.addListener((info) => void saveHandlers.onContextMenuClick(info).catch(() => undefined));
    browser.commands.onCommand.addListener((command, tab) => void saveHandlers.onCommand(command, tab).catch(() => undefined));
  },
});
