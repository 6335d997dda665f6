/** What the background answers about related papers; shared by the panel, popup and tests. */
import type { EmbedderState } from '../model/types';
import type { Relatedness } from './levels';

export type { EmbedderState, Relatedness };

export interface RelatedItem {
  id: string;
  title: string;
  firstAuthor: string | null;
  year: string | null;
  url: string;
  /** How related, in the words and numbers every surface shows. */
  relatedness: Relatedness;
  /** Distinctive shared phrases, most telling first; empty when the match rests on the model alone. */
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
  /** Papers the reader marked "not relevant" for this paper (left out of `results`). */
  hidden: number;
  /** What the list is drawn from: the papers that come with the extension and the reader's saved ones. */
  collection: { bundled: number; saved: number };
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

/** A paper a listed entry is related to. */
export interface RelatedTo {
  id: string;
  title: string;
  relatedness: Relatedness;
}

export interface ListingAnnotation {
  id: string;
  saved: boolean;
  /** The closest corpus paper, only when the entry is related to one (the panel's rule). */
  closest: RelatedTo | null;
  /** The closest saved paper, only when the entry is related to one (what Triage outlines). */
  library: RelatedTo | null;
}

export interface ListingResponse {
  items: ListingAnnotation[];
  signals: Signal[];
  /** True when semantic annotations can still come: ask again with `semantic: true`. */
  pending: boolean;
}

/** One listed entry as For you ranks it. */
export interface ForYouItem {
  id: string;
  /** Higher first; comparable across the parts of one listing. */
  score: number;
  /** Among the entries For you marks for the reader. */
  top: boolean;
  /** How related it is to the reading list, in the product's words (null when it is not). */
  relatedness: Relatedness | null;
  /** Why, in words: "Like 2 of your saved papers: A; B", or the words it shares with them. */
  why: string | null;
}

export type ForYouResponse =
  /** Fewer than three saved papers: nothing to learn from yet. */
  | { state: 'few'; saved: number }
  | { state: 'ok'; items: ForYouItem[]; signals: Signal[]; pending: boolean };

/** What the popup lists under "For you today". */
export interface ForYouTodayItem {
  id: string;
  title: string;
  why: string | null;
  relatedness: Relatedness | null;
  score: number;
}
