/**
 * Messages to the background, each declared once: the schema its request must pass (the request's type
 * is what the schema outputs) beside the type of its answer. Senders: the content script, the popup, the
 * library page, the offscreen document (sendToBackground, client.ts). The background validates every
 * request with `parseBackgroundMessage` before acting on it; pages import this file's types only.
 */
import * as v from 'valibot';
import type { PaperMeta } from '../arxiv/abs-page';
import type { ForYouResponse, ForYouTodayItem, ListingResponse, RelatedResponse, SearchResponse } from '../related-types';
import type { ModelStatus } from '../../background/related/model-manager';
import type { ImportReportPart, QueryPage } from '../../background/library/service';
import type { LibraryEntry } from '../library/types';
import { isKnownModel } from '../models';
import { MAX_DISMISSALS_PER_MESSAGE, MAX_ENTRIES_PER_WINDOW, MAX_IDS_PER_PAGE } from '../library/paging';
import { answers, parseFor, type Contract, type MessageOf, type RequestOf } from './contract';
import { arxivId, count, dismissal, empty, idList, libraryEntry, limitTo, listedEntry, offset, paperMeta, patch, text, viewQuery } from './schemas';

const okAnswer = answers<{ ok: true }>;

export const BACKGROUND_MESSAGES = {
  /** Content script / popup: related papers of the paper on a page (`wait`: long poll for semantic ones). */
  getRelated: { request: v.strictObject({ paper: paperMeta, wait: v.optional(v.boolean()) }), answer: answers<RelatedResponse>() },
  /** Related papers of a paper the database knows (library page, popup on PDF tabs). */
  getRelatedById: { request: v.strictObject({ id: arxivId, wait: v.optional(v.boolean()) }), answer: answers<{ related: RelatedResponse | null }>() },
  /** Free-text search over corpus + reading list (or the reading list alone). */
  search: { request: v.strictObject({ query: text(2000), scope: v.picklist(['all', 'library']) }), answer: answers<SearchResponse>() },
  /**
   * Content script, as an arXiv page starts loading: read what the page's first request will need (a
   * stopped service worker starts meanwhile). Carries nothing of the page.
   */
  warmUp: { request: empty, answer: okAnswer() },
  /** UI: forget a failed model load and try again. */
  retryModel: { request: empty, answer: okAnswer() },
  /** Diagnostics (and tests): how many texts each model has embedded, how many vectors are stored. */
  getStats: { request: empty, answer: answers<{ embeddedTexts: Record<string, number>; storedVectors: number }>() },
  /** Offscreen document: model download progress. */
  reportModelProgress: { request: v.strictObject({ modelId: text(200), loaded: count, total: count }), answer: okAnswer() },
  /** Options page: which model ranks, and the switch to a newly chosen one in progress. */
  getModelStatus: { request: empty, answer: answers<ModelStatus>() },
  /** Options page: choose a model; the corpus is re-embedded in the background before it takes over. */
  chooseModel: {
    request: v.strictObject({ modelId: v.pipe(text(200), v.check(isKnownModel, 'not a model the extension offers')) }),
    answer: answers<ModelStatus>(),
  },
  /** Saves a paper: full metadata from a page, or an id the corpus/database knows. `cut`: what the limits shortened. */
  savePaper: {
    request: v.union([v.strictObject({ paper: paperMeta }), v.strictObject({ id: arxivId })]),
    answer: answers<{ entry: LibraryEntry; cut: string[] }>(),
  },
  getSavedIds: { request: empty, answer: answers<{ ids: string[] }>() },
  /** A page of the reading list, newest first (default: the first 50). */
  listLibrary: {
    request: v.strictObject({ offset: v.optional(offset), limit: v.optional(limitTo(MAX_ENTRIES_PER_WINDOW)) }),
    answer: answers<{ entries: LibraryEntry[]; total: number }>(),
  },
  /** The library page's list: a page of the ids that match, in order, computed in the background. */
  queryLibrary: { request: v.strictObject({ view: viewQuery, offset, limit: limitTo(MAX_IDS_PER_PAGE) }), answer: answers<QueryPage>() },
  /** The entries of a window of the list (at most MAX_ENTRIES_PER_WINDOW ids). */
  getEntries: { request: v.strictObject({ ids: v.pipe(v.array(arxivId), v.maxLength(MAX_ENTRIES_PER_WINDOW)) }), answer: answers<{ entries: LibraryEntry[] }>() },
  /** `deleted`: the entry had been deleted meanwhile, and the edit went into its trash copy (Undo restores it). */
  updateEntry: { request: v.strictObject({ id: arxivId, patch }), answer: answers<{ entry: LibraryEntry; cut: string[]; deleted: boolean }>() },
  /** At most 10,000 ids per message; a larger deletion is sent in parts that pass the first part's `batch`. */
  deleteEntries: { request: v.strictObject({ ids: idList, batch: v.optional(text(100)) }), answer: answers<{ batch: string; count: number }>() },
  undoDelete: { request: v.strictObject({ batch: text(100) }), answer: answers<{ restored: number }>() },
  /**
   * One part of an export: header, entries of `ids` (as many as fit: `consumed` of the ids, `written` of
   * them found; `index`: entries written before), or footer. `exportedAt`: the header's time (absent: now).
   * With `cursor` (null: the start) the entries are the whole library's in arXiv-id order; `next` continues.
   */
  exportLibrary: {
    request: v.strictObject({
      format: v.picklist(['bibtex', 'markdown', 'csv', 'json']),
      part: v.picklist(['header', 'entries', 'footer']),
      ids: idList,
      index: offset,
      exportedAt: v.optional(v.pipe(text(40), v.isoTimestamp())),
      cursor: v.optional(v.nullable(text(200))),
    }),
    answer: answers<{ text: string; consumed: number; next: string | null; written: number; exportedAt: string; filename: string; mime: string }>(),
  },
  /**
   * One part of an import (cut by size in the page, a few MB each): entries the page parsed from the file
   * (checked again here), or a backup's "not relevant" marks. `kind`: the file's; `restore`: a JSON backup
   * replaces the status, tags and notes of its papers (the reader confirmed).
   */
  importLibrary: {
    request: v.strictObject({
      entries: v.pipe(v.array(libraryEntry), v.maxLength(5000)),
      kind: v.picklist(['json', 'bibtex']),
      mode: v.optional(v.picklist(['merge', 'restore'])),
      dismissals: v.optional(v.pipe(v.array(dismissal), v.maxLength(MAX_DISMISSALS_PER_MESSAGE))),
    }),
    answer: answers<{ report: ImportReportPart }>(),
  },
  /** Rows that could not be read, as JSON text, for "export them as they are". */
  getUnreadable: { request: v.strictObject({ offset, limit: limitTo(MAX_ENTRIES_PER_WINDOW) }), answer: answers<{ rows: string[]; total: number }>() },
  /** Storage used by the extension, for the library page. */
  getStorage: {
    request: empty,
    answer: answers<{ usage: number | null; quota: number | null; saved: number; papers: number; vectors: number }>(),
  },
  /** Content script on listing/search pages: badges for the listed papers. */
  annotateListing: {
    request: v.strictObject({ entries: v.pipe(v.array(listedEntry), v.maxLength(500)), semantic: v.boolean() }),
    answer: answers<ListingResponse>(),
  },
  /** Content script on listing/search pages: For you's order of the listed papers. */
  forYouListing: {
    request: v.strictObject({ entries: v.pipe(v.array(listedEntry), v.maxLength(500)), semantic: v.boolean() }),
    answer: answers<ForYouResponse>(),
  },
  /** Listing entry: "Not for me" (For you ranks it and its look-alikes lower). */
  notForMe: { request: v.strictObject({ paper: listedEntry }), answer: okAnswer() },
  /** Undo of "Not for me". */
  forMeAgain: { request: v.strictObject({ id: arxivId }), answer: answers<{ restored: boolean }>() },
  /** Popup: the best entries of the listings opened today. */
  forYouToday: { request: empty, answer: answers<{ items: ForYouTodayItem[] }>() },
  /** Panel: "Not relevant" — hide `paperId` from the related papers of `forId` (undone by `restorePaper`). */
  dismissPaper: { request: v.strictObject({ forId: arxivId, paperId: arxivId }), answer: okAnswer() },
  /** Panel: undo a "Not relevant". */
  restorePaper: { request: v.strictObject({ forId: arxivId, paperId: arxivId }), answer: answers<{ restored: boolean }>() },
  /** Panel: open the library page at its explanation of where the list comes from. */
  openHowItWorks: { request: empty, answer: okAnswer() },
} satisfies Contract;

type Declared = typeof BACKGROUND_MESSAGES;
export type MessageName = keyof Declared;
export type Request<K extends MessageName> = RequestOf<Declared, K>;
export type Response<K extends MessageName> = Declared[K]['answer'];
export type BackgroundMessage = MessageOf<Declared>;

/** The paper metadata a page sends (the schema's output is PaperMeta exactly; checked below). */
type PaperMetaMatches = v.InferOutput<typeof paperMeta> extends PaperMeta ? (PaperMeta extends v.InferOutput<typeof paperMeta> ? true : false) : false;
export const PAPER_META_MATCHES: PaperMetaMatches = true;

/** The message, typed, when it is addressed to the background and well formed; otherwise null. */
export const parseBackgroundMessage = (message: unknown): BackgroundMessage | null => parseFor(BACKGROUND_MESSAGES, 'background', message);
