/** What the background answers about related papers; shared by the panel, popup and tests. */
import type { EmbedderState } from '../embedding/types';

export type { EmbedderState };

export interface RelatedItem {
  id: string;
  title: string;
  firstAuthor: string | null;
  year: string | null;
  url: string;
  /** Relatedness in [0, 1]. */
  score: number;
  /** Shared key terms, most telling first. */
  reason: string[];
  /** In the reader's reading list. */
  saved: boolean;
  /** One of the shipped corpus papers (otherwise from the reading list). */
  inCorpus: boolean;
}

export type Signal = 'lexical' | 'semantic';

export interface RelatedResponse {
  /** Empty means "no closely related papers in the corpus". */
  results: RelatedItem[];
  signals: Signal[];
  model: EmbedderState;
  /** Corpus papers embedded so far for the current model. */
  indexing: { done: number; total: number };
  /** True while semantic results are still on their way; ask again to get them. */
  pending: boolean;
  /** The paper asked about is in the reading list. */
  selfSaved: boolean;
  /** A problem other than the model's that keeps results keyword-only (e.g. no disk space for embeddings). */
  notice: string | null;
}

export interface SearchResponse {
  results: RelatedItem[];
  signals: Signal[];
}

/** A paper listed on a listing or search page, as the content script reads it. */
export interface ListedInput {
  id: string;
  title: string;
  abstract: string | null;
}

export interface ListingAnnotation {
  id: string;
  saved: boolean;
  /** The closest corpus paper, when one is close enough to mention. */
  closest: { id: string; title: string; score: number } | null;
  /** Closeness to the reading list in [0, 1] (0 when the list is empty). */
  libraryScore: number;
}

export interface ListingResponse {
  items: ListingAnnotation[];
  signals: Signal[];
  /** True when semantic annotations can still come: ask again with `semantic: true`. */
  pending: boolean;
}
