/**
 * The background: validates every message, owns the database, the related-papers and reading-list
 * services, and forwards embedding work to the model host (offscreen document on Chrome, a Worker on
 * Firefox). It also owns the context-menu item and the "save current paper" command.
 */
import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/utils/db/schema';
import { CORPUS, CORPUS_VERSION } from '@/utils/corpus/corpus-data';
import { modelInfo } from '@/utils/embedding/models';
import { createRemoteEmbedder, type RemoteEmbedder } from '@/utils/embedding/remote-embedder';
import { offscreenTransport } from '@/utils/embedding/offscreen-transport';
import { chooseTransport } from '@/utils/embedding/transport';
import { createRelatedService, type RelatedService } from '@/utils/related/service';
import { createLibraryService } from '@/utils/library/service';
import { parseEnvelope, type Envelope, type ErrorResponse, type MessageName, type Request, type Response } from '@/utils/messaging/protocol';
import { loadSettings } from '@/utils/settings';
import { ORT_WASM_PATH } from '@/utils/embedding/ort';
import { isArxivHost } from '@/utils/arxiv/ids';
import { ABS_LINK_PATTERNS, CONTEXT_MENU_ID, createSaveHandlers } from '@/utils/library/save-handlers';
import { describeStorageError } from '@/utils/db/errors';
import { LIBRARY_REVISION_KEY } from '@/utils/library/revision';

/** getURL for files added by the build hook, which WXT's generated path types do not list. */
const extensionUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);


export default defineBackground({
  type: 'module',
  main() {
    const db = createDb();
    let embedder: RemoteEmbedder | null = null;
    let related: RelatedService | null = null;
    let relatedKey = '';

    const transport = chooseTransport({
      firefox: import.meta.env.FIREFOX,
      makeWorker: () => new Worker(new URL('../offscreen/embed.worker.ts', import.meta.url), { type: 'module' }),
      onProgress: (loaded, total) => embedder?.onProgress(loaded, total),
      offscreen: offscreenTransport,
    });

    let revision = 0;
    const library = createLibraryService({
      db,
      corpus: CORPUS,
      onChange() {
        related?.invalidate();
        // Every open panel, popup and library page listens to this key and refreshes.
        // A fresh value every time (two changes in one millisecond must both notify).
        revision += 1;
        void browser.storage.local.set({ [LIBRARY_REVISION_KEY]: `${Date.now()}-${revision}` }).catch(() => undefined);
      },
    });

    /** The related service for the current settings; a changed model or host gets a fresh one. */
    async function relatedService(): Promise<RelatedService> {
      const settings = await loadSettings();
      const key = `${settings.modelId}@${settings.modelHost}`;
      if (!related || key !== relatedKey) {
        const info = modelInfo(settings.modelId);
        embedder = createRemoteEmbedder(
          { modelId: info.id, dtype: info.dtype, remoteHost: settings.modelHost, wasmUrl: extensionUrl(ORT_WASM_PATH) },
          transport,
        );
        related = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION, calibration: info.calibration });
        relatedKey = key;
      }
      return related;
    }

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
      getRelated: async (p) => (await relatedService()).getRelated(p.paper),
      retryModel: async () => {
        (await relatedService()).retryModel();
        return { ok: true };
      },
      getStats: async () => (await relatedService()).stats(),
      reportModelProgress: async (p, sender) => {
        if (sender.tab) return { error: 'Not allowed from a page.' };
        embedder?.onProgress(p.loaded, p.total);
        return { ok: true };
      },
      // Addressed to the offscreen document / content scripts: the background stays silent.
      embedInOffscreen: () => undefined,
      getPagePaper: () => undefined,
      annotateListing: async (p) => (await relatedService()).annotate(p.entries, p.semantic),
      getRelatedById: async (p) => ({ related: await (await relatedService()).getRelatedById(p.id) }),
      search: async (p) => (await relatedService()).search(p.query, p.scope),
      savePaper: async (p) => ({ entry: await library.save('paper' in p ? p.paper : { id: p.id }) }),
      getSavedIds: async () => ({ ids: await library.savedIds() }),
      listLibrary: async () => ({ entries: await library.list() }),
      updateEntry: async (p) => ({ entry: await library.update(p.id, p.patch) }),
      deleteEntries: async (p) => library.remove(p.ids),
      undoDelete: async (p) => library.undo(p.batch),
      exportLibrary: async (p) => library.exportEntries(p.format, p.ids),
      importLibrary: async (p) => library.importText(p.text),
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
      return handler(env.payload, sender)?.catch((e: unknown) => ({ error: describeStorageError(e) }) satisfies ErrorResponse);
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
