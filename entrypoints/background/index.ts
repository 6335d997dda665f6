/**
 * The background: validates every message, owns the database, the related-papers and reading-list
 * services, and forwards embedding work to the model host (offscreen document on Chrome, a Worker on
 * Firefox). It also owns the context-menu item and the "save current paper" command.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/utils/background/db/schema';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createModels, extensionUrl } from '@/utils/background/models';
import { offscreenTransport } from '@/utils/background/embedding/offscreen-transport';
import { chooseTransport } from '@/utils/background/embedding/transport';
import { createLibraryService } from '@/utils/background/library/service';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';
import { sendToTab } from '@/utils/shared/messages/client';
import { serve } from '@/utils/shared/messages/serve';
import { backgroundHandlers, trustedSender } from '@/utils/background/handlers';
import { startEmbedWorker } from '@/utils/model/worker-url';
import { isArxivHost } from '@/utils/shared/arxiv/ids';
import { ABS_LINK_PATTERNS, CONTEXT_MENU_ID, createSaveHandlers } from '@/utils/background/library/save-handlers';
import { plainMessage } from '@/utils/shared/plain-errors';
import { withHealedDb } from '@/utils/background/db/heal';
import { LIBRARY_REVISION_KEY } from '@/utils/shared/library/revision';

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

    const { models, chooseModel } = createModels(db, transport, notifyViews);

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
      chooseModel,
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
