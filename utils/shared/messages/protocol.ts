/**
 * The one protocol between the extension's contexts: message name → request and response types, plus
 * a validator per request, so the background never acts on a payload it has not checked.
 */
import type { PaperMeta } from '../arxiv/abs-page';
import type { ForYouResponse, ForYouTodayItem, ListedInput, ListingResponse, RelatedResponse, SearchResponse } from '../related-types';
import type { ModelConfig } from '../../model/types';
import type { ModelStatus } from '../../background/related/model-manager';
import { isKnownModel } from '../models';
import type { EntryPatch, LibraryEntry } from '../library/types';
import type { ImportReportPart, QueryPage, ViewQuery } from '../../background/library/service';
import type { ExportFormat } from '../../background/library/export';
import * as v from 'valibot';
import { NOT_FOR_ME } from '../library/types';
import { STATUSES } from '../library/types';
import { MAX_DISMISSALS_PER_MESSAGE, MAX_ENTRIES_PER_WINDOW, MAX_IDS_PER_MESSAGE, MAX_IDS_PER_PAGE } from '../library/paging';
import { parseArxivId } from '../arxiv/ids';

export interface Protocol {
  /** Content script / popup → background: related papers of the paper on a page (`wait`: long poll for semantic ones). */
  getRelated: { request: { paper: PaperMeta; wait?: boolean }; response: RelatedResponse };
  /** UI → background: forget a failed model load and try again. */
  retryModel: { request: Record<string, never>; response: { ok: true } };
  /** Diagnostics (and tests): how many texts each model has embedded, how many vectors are stored. */
  getStats: { request: Record<string, never>; response: { embeddedTexts: Record<string, number>; storedVectors: number } };
  /** Background → offscreen document: embed texts in its Worker. */
  embedInOffscreen: { request: { config: ModelConfig; texts: string[] }; response: { vectors: number[][] } | { error: string } };
  /** Offscreen document → background: model download progress. */
  reportModelProgress: { request: { modelId: string; loaded: number; total: number }; response: { ok: true } };
  /** Related papers of a paper the database knows (library page, popup on PDF tabs). */
  getRelatedById: { request: { id: string; wait?: boolean }; response: { related: RelatedResponse | null } };
  /** Free-text search over corpus + reading list (or the reading list alone). */
  search: { request: { query: string; scope: 'all' | 'library' }; response: SearchResponse };
  /** Saves a paper: full metadata from a page, or an id the corpus/database knows. */
  /** Saves a paper: full metadata from a page, or an id the corpus/database knows. `cut`: what the limits shortened. */
  savePaper: { request: { paper: PaperMeta } | { id: string }; response: { entry: LibraryEntry; cut: string[] } };
  getSavedIds: { request: Record<string, never>; response: { ids: string[] } };
  /** A page of the reading list, newest first (default: the first 50). */
  listLibrary: { request: { offset?: number; limit?: number }; response: { entries: LibraryEntry[]; total: number } };
  /** The library page's list: a page of the ids that match, in order, computed in the background. */
  queryLibrary: { request: { view: ViewQuery; offset: number; limit: number }; response: QueryPage };
  /** The entries of a window of the list (at most MAX_ENTRIES_PER_WINDOW ids). */
  getEntries: { request: { ids: string[] }; response: { entries: LibraryEntry[] } };
  /** `deleted`: the entry had been deleted meanwhile, and the edit went into its trash copy (Undo restores it). */
  updateEntry: { request: { id: string; patch: EntryPatch }; response: { entry: LibraryEntry; cut: string[]; deleted: boolean } };
  /** At most 10,000 ids per message; a larger deletion is sent in parts that pass the first part's `batch`. */
  deleteEntries: { request: { ids: string[]; batch?: string }; response: { batch: string; count: number } };
  undoDelete: { request: { batch: string }; response: { restored: number } };
  /**
   * One part of an export: header, entries of `ids` (as many as fit: `consumed` of the ids, `written` of
   * them found; `index`: entries written before), or footer. `exportedAt`: the header's time (absent: now).
   * With `cursor` (null: the start) the entries are the whole library's in arXiv-id order; `next` continues.
   */
  exportLibrary: {
    request: { format: ExportFormat; part: 'header' | 'entries' | 'footer'; ids: string[]; index: number; exportedAt?: string; cursor?: string | null };
    response: { text: string; consumed: number; next: string | null; written: number; exportedAt: string; filename: string; mime: string };
  };
  /**
   * One part of an import: entries the page parsed from the file (checked again here), or a backup's
   * "not relevant" marks. `kind`: the file's; `restore`: a JSON backup replaces the status, tags and notes
   * of its papers (the reader confirmed).
   */
  importLibrary: {
    request: { entries: LibraryEntry[]; kind: 'json' | 'bibtex'; mode?: 'merge' | 'restore'; dismissals?: { forId: string; paperId: string; at: number }[] };
    response: { report: ImportReportPart };
  };
  /** Rows that could not be read, as JSON text, for "export them as they are". */
  getUnreadable: { request: { offset: number; limit: number }; response: { rows: string[]; total: number } };
  /** Storage used by the extension, for the library page. */
  getStorage: { request: Record<string, never>; response: { usage: number | null; quota: number | null; saved: number; papers: number; vectors: number } };
  /** Content script on listing/search pages → background: badges for the listed papers. */
  annotateListing: { request: { entries: ListedInput[]; semantic: boolean }; response: ListingResponse };
  /** Content script on listing/search pages → background: For you's order of the listed papers. */
  forYouListing: { request: { entries: ListedInput[]; semantic: boolean }; response: ForYouResponse };
  /** Listing entry → background: "Not for me" (For you ranks it and its look-alikes lower). */
  notForMe: { request: { paper: ListedInput }; response: { ok: true } };
  /** Undo of "Not for me". */
  forMeAgain: { request: { id: string }; response: { restored: boolean } };
  /** Popup: the best entries of the listings opened today. */
  forYouToday: { request: Record<string, never>; response: { items: ForYouTodayItem[] } };
  /** Options page: which model ranks, and the switch to a newly chosen one in progress. */
  getModelStatus: { request: Record<string, never>; response: ModelStatus };
  /** Options page: choose a model; the corpus is re-embedded in the background before it takes over. */
  chooseModel: { request: { modelId: string }; response: ModelStatus };
  /** Panel: "Not relevant" — hide `paperId` from the related papers of `forId` (undone by `restorePaper`). */
  dismissPaper: { request: { forId: string; paperId: string }; response: { ok: true } };
  /** Panel: undo a "Not relevant". */
  restorePaper: { request: { forId: string; paperId: string }; response: { restored: boolean } };
  /** Panel → background: open the library page at its explanation of where the list comes from. */
  openHowItWorks: { request: Record<string, never>; response: { ok: true } };
  /** Background → content script: the paper on this tab, for the "save current paper" command. */
  getPagePaper: { request: Record<string, never>; response: { paper: PaperMeta | null } };
}

export type MessageName = keyof Protocol;
export type Request<K extends MessageName> = Protocol[K]['request'];
export type Response<K extends MessageName> = Protocol[K]['response'];

/** The envelope every message travels in. */
export interface Envelope<K extends MessageName = MessageName> {
  name: K;
  payload: Request<K>;
}

/** Errors the background answers with instead of throwing across the message boundary. */
export interface ErrorResponse {
  error: string;
}

/** Longest text accepted in a message (a page's abstract is capped far below this by the readers). */
const MAX_TEXT = 1_000_000;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const arxivId = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((s) => parseArxivId(s)?.id === s, 'not a versionless arXiv id'),
);
/** Ids per message: 10,000 at most (≤ 640 kB); larger sets travel in parts. */
const idList = v.pipe(v.array(arxivId), v.maxLength(MAX_IDS_PER_MESSAGE));
const offset = v.pipe(v.number(), v.integer(), v.minValue(0));
const limitTo = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const empty = v.strictObject({});

const paperMeta = v.strictObject({
  id: v.pipe(text(64), v.regex(/^[\w./-]+$/)),
  version: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  title: text(MAX_TEXT),
  abstract: text(MAX_TEXT),
  authors: v.pipe(v.array(text(1000)), v.maxLength(5000)),
  primarySubject: v.nullable(text(64)),
  subjects: v.pipe(v.array(text(64)), v.maxLength(50)),
  submitted: v.pipe(v.array(text(32)), v.maxLength(200)),
});

const modelConfig = v.strictObject({
  modelId: text(200),
  dtype: v.picklist(['q8', 'fp32']),
  pooling: v.picklist(['mean', 'cls']),
  maxTokens: v.pipe(v.number(), v.integer(), v.minValue(8), v.maxValue(8192)),
  remoteHost: text(2000),
  wasmUrl: text(2000),
  threads: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8)),
  localPath: v.nullable(text(2000)),
});

// Edits and imports are cut to the library's limits by applyLimits in the background (and the reader
// is told what was cut); the message bounds here only keep a message from being absurd.
const patch = v.pipe(
  v.strictObject({
    status: v.optional(v.picklist(STATUSES)),
    tags: v.optional(v.pipe(v.array(text(10_000)), v.maxLength(10_000))),
    note: v.optional(text(MAX_TEXT)),
  }),
  v.check((p) => Object.keys(p).length > 0, 'empty patch'),
);

const entryPaper = v.strictObject({
  title: text(MAX_TEXT),
  authors: v.pipe(v.array(text(10_000)), v.maxLength(100_000)),
  abstract: text(MAX_TEXT),
  yearMonth: v.nullable(v.pipe(text(7), v.regex(/^\d{4}(-\d{2})?$/))),
  primarySubject: v.nullable(text(64)),
  version: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

const libraryEntry = v.strictObject({
  id: arxivId,
  addedAt: count,
  updatedAt: count,
  status: v.picklist(STATUSES),
  tags: v.pipe(v.array(text(10_000)), v.maxLength(10_000)),
  note: text(MAX_TEXT),
  paper: v.nullable(entryPaper),
});

const viewQuery = v.strictObject({
  query: text(2000),
  status: v.picklist([...STATUSES, 'all']),
  tag: text(10_000),
  sort: v.picklist(['added', 'year', 'title', 'relevance']),
  scores: v.optional(v.pipe(v.array(v.strictObject({ id: arxivId, score: v.pipe(v.number(), v.finite()) })), v.maxLength(1000))),
});

/** One schema per message (valibot): the background acts only on payloads that pass. */
const schemas = {
  getRelated: v.strictObject({ paper: paperMeta, wait: v.optional(v.boolean()) }),
  retryModel: empty,
  getStats: empty,
  embedInOffscreen: v.strictObject({ config: modelConfig, texts: v.pipe(v.array(text(20_000)), v.maxLength(512)) }),
  reportModelProgress: v.strictObject({ modelId: text(200), loaded: count, total: count }),
  getRelatedById: v.strictObject({ id: arxivId, wait: v.optional(v.boolean()) }),
  search: v.strictObject({ query: text(2000), scope: v.picklist(['all', 'library']) }),
  savePaper: v.union([v.strictObject({ paper: paperMeta }), v.strictObject({ id: arxivId })]),
  getSavedIds: empty,
  listLibrary: v.strictObject({ offset: v.optional(offset), limit: v.optional(limitTo(MAX_ENTRIES_PER_WINDOW)) }),
  queryLibrary: v.strictObject({ view: viewQuery, offset, limit: limitTo(MAX_IDS_PER_PAGE) }),
  getEntries: v.strictObject({ ids: v.pipe(v.array(arxivId), v.maxLength(MAX_ENTRIES_PER_WINDOW)) }),
  updateEntry: v.strictObject({ id: arxivId, patch }),
  deleteEntries: v.strictObject({ ids: idList, batch: v.optional(text(100)) }),
  undoDelete: v.strictObject({ batch: text(100) }),
  exportLibrary: v.strictObject({
    format: v.picklist(['bibtex', 'markdown', 'csv', 'json']),
    part: v.picklist(['header', 'entries', 'footer']),
    ids: idList,
    index: offset,
    exportedAt: v.optional(v.pipe(text(40), v.isoTimestamp())),
    cursor: v.optional(v.nullable(text(200))),
  }),
  // Parts of an import are cut by size in the page (a few MB each).
  importLibrary: v.strictObject({
    entries: v.pipe(v.array(libraryEntry), v.maxLength(5000)),
    kind: v.picklist(['json', 'bibtex']),
    mode: v.optional(v.picklist(['merge', 'restore'])),
    dismissals: v.optional(v.pipe(v.array(v.strictObject({ forId: v.union([arxivId, v.literal(NOT_FOR_ME)]), paperId: arxivId, at: count })), v.maxLength(MAX_DISMISSALS_PER_MESSAGE))),
  }),
  getUnreadable: v.strictObject({ offset, limit: limitTo(MAX_ENTRIES_PER_WINDOW) }),
  getStorage: empty,
  getPagePaper: empty,
  openHowItWorks: empty,
  dismissPaper: v.strictObject({ forId: arxivId, paperId: arxivId }),
  restorePaper: v.strictObject({ forId: arxivId, paperId: arxivId }),
  getModelStatus: empty,
  chooseModel: v.strictObject({ modelId: v.pipe(text(200), v.check(isKnownModel, 'not a model the extension offers')) }),
  forYouListing: v.strictObject({
    entries: v.pipe(v.array(v.strictObject({ id: arxivId, title: text(2000), abstract: v.nullable(text(20_000)) })), v.maxLength(500)),
    semantic: v.boolean(),
  }),
  forYouToday: empty,
  notForMe: v.strictObject({ paper: v.strictObject({ id: arxivId, title: text(2000), abstract: v.nullable(text(20_000)) }) }),
  forMeAgain: v.strictObject({ id: arxivId }),
  annotateListing: v.strictObject({
    entries: v.pipe(v.array(v.strictObject({ id: arxivId, title: text(2000), abstract: v.nullable(text(20_000)) })), v.maxLength(500)),
    semantic: v.boolean(),
  }),
} satisfies { [K in MessageName]: v.GenericSchema };

/** Names of messages whose schema output is not the protocol's request type (should be none). */
type Mismatched = { [K in MessageName]: v.InferOutput<(typeof schemas)[K]> extends Request<K> ? never : K }[MessageName];
/** Fails to compile, naming the message, when a schema and the protocol disagree. */
export const SCHEMAS_MATCH_PROTOCOL: [Mismatched] extends [never] ? true : Mismatched = true;

/** The message, typed, when its name is known and its payload is well formed; otherwise null. */
export function parseEnvelope(message: unknown): Envelope | null {
  if (typeof message !== 'object' || message === null || !('name' in message) || typeof message.name !== 'string') return null;
  if (!Object.hasOwn(schemas, message.name)) return null;
  const name = message.name as MessageName;
  const result = v.safeParse(schemas[name], 'payload' in message ? message.payload : undefined);
  return result.success ? { name, payload: result.output as Request<typeof name> } : null;
}
