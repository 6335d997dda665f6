/**
 * The pieces the message contracts are made of (valibot): ids, papers, model configurations, library
 * entries. Only recipients import this (the background, the offscreen document); pages import the
 * contracts' types alone, so no validator ships in a page (lint: eslint.config.js, SCHEMAS and VALIBOT).
 */
import * as v from 'valibot';
import { NOT_FOR_ME, STATUSES } from '../library/types';
import { MAX_IDS_PER_MESSAGE } from '../library/paging';
import { parseArxivId } from '../arxiv/ids';

/** Longest text accepted in a message (a page's abstract is capped far below this by the readers). */
export const MAX_TEXT = 1_000_000;

export const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const count = v.pipe(v.number(), v.finite(), v.minValue(0));
export const arxivId = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((s) => parseArxivId(s)?.id === s, 'not a versionless arXiv id'),
);
/** Ids per message: 10,000 at most (≤ 640 kB); larger sets travel in parts. */
export const idList = v.pipe(v.array(arxivId), v.maxLength(MAX_IDS_PER_MESSAGE));
export const offset = v.pipe(v.number(), v.integer(), v.minValue(0));
export const limitTo = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
export const empty = v.strictObject({});

export const paperMeta = v.strictObject({
  id: v.pipe(text(64), v.regex(/^[\w./-]+$/)),
  version: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  title: text(MAX_TEXT),
  abstract: text(MAX_TEXT),
  authors: v.pipe(v.array(text(1000)), v.maxLength(5000)),
  primarySubject: v.nullable(text(64)),
  subjects: v.pipe(v.array(text(64)), v.maxLength(50)),
  submitted: v.pipe(v.array(text(32)), v.maxLength(200)),
});

export const modelConfig = v.strictObject({
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
export const patch = v.pipe(
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

export const libraryEntry = v.strictObject({
  id: arxivId,
  addedAt: count,
  updatedAt: count,
  status: v.picklist(STATUSES),
  tags: v.pipe(v.array(text(10_000)), v.maxLength(10_000)),
  note: text(MAX_TEXT),
  paper: v.nullable(entryPaper),
});

export const viewQuery = v.strictObject({
  query: text(2000),
  status: v.picklist([...STATUSES, 'all']),
  tag: text(10_000),
  sort: v.picklist(['added', 'year', 'title', 'relevance']),
  scores: v.optional(v.pipe(v.array(v.strictObject({ id: arxivId, score: v.pipe(v.number(), v.finite()) })), v.maxLength(1000))),
});

/** A listing entry as the content script reads it. */
export const listedEntry = v.strictObject({ id: arxivId, title: text(2000), abstract: v.nullable(text(20_000)) });

/** A "Not relevant" mark as a backup carries it. */
export const dismissal = v.strictObject({ forId: v.union([arxivId, v.literal(NOT_FOR_ME)]), paperId: arxivId, at: count });
