/**
 * What the background answers: one handler per message of its contract (utils/shared/messages/background.ts),
 * each a line or two over the services. Typed by the contract, so a message without a handler, or a
 * handler for a message addressed to someone else, does not compile.
 */
import type { Browser } from 'wxt/browser';
import type { MessageName, Request, Response } from '../shared/messages/background';
import type { NeighborsDb } from './db/schema';
import type { ModelManager } from './related/model-manager';
import type { LibraryService } from './library/service';
import type { CorpusPaper } from './corpus/types';
import { libraryHandlers } from './library/handlers';
import { dismiss, NOT_FOR_ME, undismiss } from './db/dismissals';
import { writePaperRow } from './db/paper-record';
import { PlainError } from '../shared/plain-errors';

export type Handlers = { [K in MessageName]: (payload: Request<K>, sender: Browser.runtime.MessageSender) => Promise<Response<K>> };

export interface HandlerDeps {
  db: NeighborsDb;
  models: ModelManager;
  library: LibraryService;
  corpus: readonly CorpusPaper[];
  /** Tells every open view that something they show changed. */
  notifyViews(): void;
  /** Stores the reader's choice of model (the switch happens once its vectors are complete). */
  chooseModel(modelId: string): Promise<void>;
  openTab(url: string): Promise<void>;
  estimateStorage(): Promise<{ usage?: number; quota?: number } | null>;
}

export function backgroundHandlers(d: HandlerDeps): Handlers {
  const related = () => d.models.service();
  return {
    getRelated: async (p) => (await related()).getRelated(p.paper, p.wait),
    getRelatedById: async (p) => ({ related: await (await related()).getRelatedById(p.id, p.wait) }),
    search: async (p) => (await related()).search(p.query, p.scope),
    warmUp: async () => {
      await (await related()).warm();
      return { ok: true };
    },
    retryModel: async () => {
      await d.models.retry();
      return { ok: true };
    },
    getStats: async () => (await related()).stats(),
    getModelStatus: () => d.models.status(),
    chooseModel: async (p) => {
      await d.chooseModel(p.modelId);
      return d.models.status();
    },
    reportModelProgress: async (p, sender) => {
      if (sender.tab) throw new PlainError('Not allowed from a page.');
      d.models.progress(p.modelId, p.loaded, p.total);
      return { ok: true };
    },
    annotateListing: async (p) => (await related()).annotate(p.entries, p.semantic),
    forYouListing: async (p) => (await related()).forYou(p.entries, p.semantic),
    notForMe: async (p) => {
      const { id, title, abstract } = p.paper;
      const paper = { id, version: null, title, abstract: abstract ?? '', authors: [], primarySubject: null, subjects: [], submitted: [] };
      await writePaperRow(d.db, paper, d.corpus.find((c) => c.id === id), 'visited');
      await dismiss(d.db, NOT_FOR_ME, id);
      return { ok: true };
    },
    forMeAgain: async (p) => ({ restored: await undismiss(d.db, NOT_FOR_ME, p.id) }),
    forYouToday: async () => ({ items: await (await related()).forYouToday() }),
    ...libraryHandlers(d.library),
    openHowItWorks: async () => {
      await d.openTab('/library.html#how');
      return { ok: true };
    },
    dismissPaper: async (p) => {
      await dismiss(d.db, p.forId, p.paperId);
      d.notifyViews();
      return { ok: true };
    },
    restorePaper: async (p) => {
      const restored = await undismiss(d.db, p.forId, p.paperId);
      d.notifyViews();
      return { restored };
    },
    getStorage: async () => {
      const estimate = await d.estimateStorage().catch(() => null);
      const [saved, papers, vectors] = await Promise.all([d.db.readingList.count(), d.db.papers.count(), d.db.vectors.count()]);
      return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, saved, papers, vectors };
    },
  };
}

/**
 * Only this extension's own pages (popup, library, offscreen document; also when opened in a tab) and
 * its content scripts on arXiv may talk to the background.
 */
export function trustedSender(sender: Browser.runtime.MessageSender, runtimeId: string, ownOrigin: string, isArxiv: (url: URL) => boolean): boolean {
  if (sender.id !== runtimeId) return false;
  try {
    const url = sender.url ? new URL(sender.url) : null;
    if (url?.origin === ownOrigin) return true;
    return sender.tab !== undefined && url !== null && isArxiv(url);
  } catch {
    return false;
  }
}
