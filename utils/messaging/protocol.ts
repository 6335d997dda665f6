/**
 * The one protocol between the extension's contexts: message name → request and response types, plus
 * a validator per request, so the background never acts on a payload it has not checked.
 */
import type { PaperMeta } from '../arxiv/abs-page';
import type { ListedInput, ListingResponse, RelatedResponse, SearchResponse } from '../related/types';
import type { ModelConfig } from '../embedding/types';
import type { EntryPatch, LibraryEntry } from '../library/types';
import type { ImportOutcome } from '../library/service';
import type { ExportFormat } from '../library/export';
import { MAX_NOTE_LENGTH, MAX_TAGS, MAX_TAG_LENGTH, STATUSES } from '../library/types';
import { parseArxivId } from '../arxiv/ids';

export interface Protocol {
  /** Content script / popup → background: related papers of the paper on a page. */
  getRelated: { request: { paper: PaperMeta }; response: RelatedResponse };
  /** UI → background: forget a failed model load and try again. */
  retryModel: { request: Record<string, never>; response: { ok: true } };
  /** Diagnostics (and tests): how many texts each model has embedded, how many vectors are stored. */
  getStats: { request: Record<string, never>; response: { embeddedTexts: Record<string, number>; storedVectors: number } };
  /** Background → offscreen document: embed texts in its Worker. */
  embedInOffscreen: { request: { config: ModelConfig; texts: string[] }; response: { vectors: number[][] } | { error: string } };
  /** Offscreen document → background: model download progress. */
  reportModelProgress: { request: { loaded: number; total: number }; response: { ok: true } };
  /** Related papers of a paper the database knows (library page, popup on PDF tabs). */
  getRelatedById: { request: { id: string }; response: { related: RelatedResponse | null } };
  /** Free-text search over corpus + reading list (or the reading list alone). */
  search: { request: { query: string; scope: 'all' | 'library' }; response: SearchResponse };
  /** Saves a paper: full metadata from a page, or an id the corpus/database knows. */
  savePaper: { request: { paper: PaperMeta } | { id: string }; response: { entry: LibraryEntry } };
  getSavedIds: { request: Record<string, never>; response: { ids: string[] } };
  listLibrary: { request: Record<string, never>; response: { entries: LibraryEntry[] } };
  updateEntry: { request: { id: string; patch: EntryPatch }; response: { entry: LibraryEntry } };
  deleteEntries: { request: { ids: string[] }; response: { batch: string; count: number } };
  undoDelete: { request: { batch: string }; response: { restored: number } };
  exportLibrary: { request: { format: ExportFormat; ids?: string[] }; response: { text: string; filename: string; mime: string } };
  importLibrary: { request: { text: string }; response: ImportOutcome };
  /** Storage used by the extension, for the library page. */
  getStorage: { request: Record<string, never>; response: { usage: number | null; quota: number | null; saved: number; papers: number; vectors: number } };
  /** Content script on listing/search pages → background: badges for the listed papers. */
  annotateListing: { request: { entries: ListedInput[]; semantic: boolean }; response: ListingResponse };
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

const MAX_TEXT = 1_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isStringArray = (v: unknown, maxItems: number, maxLen = 1000): v is string[] =>
  Array.isArray(v) && v.length <= maxItems && v.every((s) => isString(s, maxLen));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isPaperMeta(v: unknown): v is PaperMeta {
  return (
    isObject(v) &&
    isString(v.id, 64) &&
    /^[\w./-]+$/.test(v.id) &&
    (v.version === null || (Number.isInteger(v.version) && (v.version as number) > 0)) &&
    isString(v.title) &&
    isString(v.abstract) &&
    isStringArray(v.authors, 5000) &&
    (v.primarySubject === null || isString(v.primarySubject, 64)) &&
    isStringArray(v.subjects, 50, 64) &&
    isStringArray(v.submitted, 200, 32)
  );
}

const isEmpty = (v: unknown) => isObject(v) && Object.keys(v).length === 0;

function isModelConfig(v: unknown): v is ModelConfig {
  return (
    isObject(v) &&
    isString(v.modelId, 200) &&
    (v.dtype === 'q8' || v.dtype === 'fp32') &&
    isString(v.remoteHost, 2000) &&
    isString(v.wasmUrl, 2000)
  );
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length <= 64 && parseArxivId(v)?.id === v;
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 10_000 && v.every(isId);

function isPatch(v: unknown): v is EntryPatch {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => k === 'status' || k === 'tags' || k === 'note')) return false;
  if ('status' in v && !STATUSES.includes(v.status as never)) return false;
  if ('tags' in v && !isStringArray(v.tags, MAX_TAGS, MAX_TAG_LENGTH)) return false;
  if ('note' in v && !isString(v.note, MAX_NOTE_LENGTH)) return false;
  return true;
}

const FORMATS = ['bibtex', 'markdown', 'csv', 'json'];

const validators: { [K in MessageName]: (payload: unknown) => boolean } = {
  getRelated: (p) => isObject(p) && isPaperMeta(p.paper),
  retryModel: isEmpty,
  getStats: isEmpty,
  embedInOffscreen: (p) => isObject(p) && isModelConfig(p.config) && isStringArray(p.texts, 512, 20_000),
  reportModelProgress: (p) => isObject(p) && isCount(p.loaded) && isCount(p.total),
  getRelatedById: (p) => isObject(p) && isId(p.id),
  search: (p) => isObject(p) && isString(p.query, 2000) && (p.scope === 'all' || p.scope === 'library'),
  savePaper: (p) => isObject(p) && Object.keys(p).length === 1 && (isPaperMeta(p.paper) || isId(p.id)),
  getSavedIds: isEmpty,
  listLibrary: isEmpty,
  updateEntry: (p) => isObject(p) && isId(p.id) && isPatch(p.patch),
  deleteEntries: (p) => isObject(p) && isIdList(p.ids),
  undoDelete: (p) => isObject(p) && isString(p.batch, 100),
  exportLibrary: (p) => isObject(p) && FORMATS.includes(p.format as string) && (p.ids === undefined || isIdList(p.ids)),
  importLibrary: (p) => isObject(p) && isString(p.text, 50_000_000),
  getStorage: isEmpty,
  getPagePaper: isEmpty,
  annotateListing: (p) =>
    isObject(p) &&
    typeof p.semantic === 'boolean' &&
    Array.isArray(p.entries) &&
    p.entries.length <= 500 &&
    p.entries.every((e) => isObject(e) && isId(e.id) && isString(e.title, 2000) && (e.abstract === null || isString(e.abstract, 20_000))),
};

/** The message, typed, when its name is known and its payload is well formed; otherwise null. */
export function parseEnvelope(message: unknown): Envelope | null {
  if (!isObject(message) || typeof message.name !== 'string') return null;
  if (!Object.hasOwn(validators, message.name)) return null;
  const name = message.name as MessageName;
  return validators[name](message.payload) ? { name, payload: message.payload as Request<typeof name> } : null;
}
