/**
 * Related papers and search over the corpus plus the reading list: lexical results at once, fused with
 * embeddings once the vectors for the current model are stored. A thin façade over its parts: the
 * document set (doc-set.ts), the indexer (indexer.ts), the database seeding (seeding.ts), the reading
 * list's ids (saved-ids.ts). Everything they hold in memory is a cache rebuilt from IndexedDB, because
 * Chrome stops the service worker when idle.
 */
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import { absUrl } from '../../shared/arxiv/ids';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb } from '../db/schema';
import { getVectors } from '../db/vector-store';
import { writePaperRow } from '../db/paper-record';
import { dismissedFor } from '../db/dismissals';
import { paperText, textHash } from '../embedding/text';
import type { Embedder } from '../../model/types';
import type { ShippedCorpus } from '../corpus/shipped-index';
import { rankRelated, searchPapers, DEFAULT_RANK_OPTIONS, type RankedPaper } from '../ranking/rank';
import { forYouListing, forYouToday } from './for-you-listing';
import type { LibraryChange } from '../../shared/library/types';
import type { ForYouResponse, ForYouTodayItem, ListedInput, ListingResponse, RelatedItem, RelatedResponse, SearchResponse } from '../../shared/related-types';
import { createDocSets, type DocSet } from './doc-set';
import { createIndexer } from './indexer';
import { createSeeding } from './seeding';
import { createSavedIds } from './saved-ids';

export interface RelatedServiceDeps {
  db: NeighborsDb;
  embedder: Embedder;
  corpus: readonly CorpusPaper[];
  corpusVersion: string;
  /**
   * The corpus's keyword index and calibration as the build computed them; without it (tests, Node)
   * they are computed on first use.
   */
  shipped?: ShippedCorpus | null;
  /** Texts embedded per call; keeps each message and each transaction small. */
  batchSize?: number;
}

export interface RelatedService {
  /**
   * Related papers of the paper on a page. With `wait`, an answer that would be pending only on this
   * paper's own embedding waits for it (a long poll) instead of making the caller ask again.
   */
  getRelated(paper: PaperMeta, wait?: boolean): Promise<RelatedResponse>;
  /** Related papers of a paper known to the database (corpus, saved or visited). */
  getRelatedById(id: string, wait?: boolean): Promise<RelatedResponse | null>;
  /**
   * Reads what a page's first request needs (the document set, the reading list's ids, the stored
   * vectors, the backgrounds those requests will use) without starting any embedding: a page's own
   * request decides what is embedded first.
   */
  warm(): Promise<void>;
  /** Free-text search over corpus and reading list. */
  search(query: string, scope: 'all' | 'library'): Promise<SearchResponse>;
  /**
   * Badges for listing and search pages: the closest corpus paper and the closest saved paper, each
   * only when related. Lexical at once; with `semantic`, entries are embedded in batches (cached) when
   * the model is ready.
   */
  annotate(entries: ListedInput[], semantic: boolean): Promise<ListingResponse>;
  /** For you: the listed entries ranked for the reader (their saved and dismissed papers), with why. */
  forYou(entries: ListedInput[], semantic: boolean): Promise<ForYouResponse>;
  /** The best entries of the listings opened today. */
  forYouToday(): Promise<ForYouTodayItem[]>;
  /** Embeds every indexed paper not yet stored for the current model; resolves when done. */
  indexCorpus(): Promise<void>;
  /** Papers embedded for this service's model so far, of all indexed papers. */
  progress(): Promise<{ done: number; total: number }>;
  /** The reading list changed; `change` says which ids joined or left it (absent: read them again). */
  invalidate(change?: LibraryChange): void;
  retryModel(): void;
  stats(): Promise<{ embeddedTexts: Record<string, number>; storedVectors: number }>;
}

/** Longest a `wait` request holds on to the query's embedding before answering anyway. */
const WAIT_LIMIT_MS = 15_000;

/** Creates the service; nothing is read or computed until the first request. */
export function createRelatedService(deps: RelatedServiceDeps): RelatedService {
  const { db, embedder, corpus } = deps;
  const corpusIds = new Set(corpus.map((p) => p.id));
  const corpusById = new Map(corpus.map((p) => [p.id, p]));
  const seeding = createSeeding(db, corpus, deps.corpusVersion);
  const savedIds = createSavedIds(db);
  const savedSet = () => savedIds.get();
  const sets = createDocSets({ ...deps, savedIds, modelId: embedder.modelId, onAppended: (set, added) => indexer.appendVectors(set, added) });
  const indexer = createIndexer({ db, embedder, batchSize: deps.batchSize ?? 16, loadDocs: () => sets.load() });

  function toItem(set: DocSet, r: RankedPaper, saved: Set<string>): RelatedItem {
    const d = set.docs.find((x) => x.id === r.id);
    return {
      id: r.id,
      title: d?.title ?? r.id,
      firstAuthor: d?.firstAuthor ?? null,
      year: d?.year ?? null,
      url: absUrl(r.id),
      relatedness: r.relatedness,
      reason: r.reason,
      saved: saved.has(r.id),
      inCorpus: corpusIds.has(r.id),
    };
  }

  async function related(query: { id: string; title: string; abstract: string }, wait = false): Promise<RelatedResponse> {
    const text = paperText(query);
    const hash = textHash(text);
    // Independent reads in parallel: a cold start waits for the slowest, not for their sum.
    const [set, saved, [storedQuery], hidden] = await Promise.all([sets.load(), savedSet(), getVectors(db, embedder.modelId, [hash]), dismissedFor(db, query.id)]);
    // Indexing starts only once this page's wish is known: a batch begun before it would be read first
    // (16 papers in document order, ~2.7 s of inference on a fresh install) and delay the page's list.
    const { vectors, ready, done } = await indexer.semanticState(set, false);
    const failed = indexer.failed();
    // Before the corpus is embedded (a fresh install, a new model): the paper's likely neighbours by
    // keywords are embedded first, and the paper itself, so the model can refine this page's list long
    // before the rest of the corpus is read; the answer says it is still refining until then. A paper of
    // the set (a bundled or saved paper's page) is read by the indexer, first; any other page's paper is
    // embedded on its own (never both: the same text would be embedded twice).
    const early = !ready && !failed;
    const own = early ? set.docs.findIndex((d) => d.hash === hash) : -1;
    const first = early ? [...(own >= 0 ? [own] : []), ...(await likelyNeighbours(set, query))] : [];
    if (early) indexer.prioritize(set, first);
    if (done < vectors.length) indexer.startIndexing();
    const partial = first.length > 0 && first.every((i) => vectors[i]);
    const queryVec = ready || partial ? (storedQuery ?? (own >= 0 ? vectors[own] : null)) : null;
    if (early && !storedQuery && own < 0) void indexer.embedQuery(text, hash);
    if (ready && !queryVec && !failed) {
      const job = indexer.embedQuery(text, hash);
      if (wait) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([job, new Promise((r) => (timer = setTimeout(r, WAIT_LIMIT_MS)))]);
        clearTimeout(timer);
        return related(query);
      }
    }
    const semantic = queryVec ? indexer.semanticInput(queryVec, vectors) : undefined;
    const calibration = await sets.calibrationOf(set, semantic ? vectors : null);
    // Papers the reader marked "not relevant" for this paper leave the list; the rest keep the scores they
    // had (excluding them from the ranking itself would change how rare the paper's words count).
    const limit = DEFAULT_RANK_OPTIONS.limit;
    const ranked = rankRelated({ index: set.index, query, exclude: new Set([query.id]), calibration, semantic, options: { limit: limit + hidden.size } })
      .filter((r) => !hidden.has(r.id))
      .slice(0, limit);
    return {
      results: ranked.map((r) => toItem(set, r, saved)),
      signals: semantic ? ['lexical', 'semantic'] : ['lexical'],
      model: embedder.state(),
      indexing: { done, total: set.docs.length },
      pending: (!semantic || !ready) && !failed,
      selfSaved: saved.has(query.id),
      hidden: hidden.size,
      collection: { bundled: set.corpusCount, saved: saved.size },
      notice: semantic ? null : indexer.error(),
    };
  }

  /** Papers whose vectors make a first semantic answer for `query` worth giving: its best by keywords. */
  const LIKELY_NEIGHBOURS = 12;
  async function likelyNeighbours(set: DocSet, query: { id: string; title: string; abstract: string }): Promise<number[]> {
    const calibration = await sets.calibrationOf(set, null);
    const ranked = rankRelated({ index: set.index, query, exclude: new Set([query.id]), calibration, options: { limit: LIKELY_NEIGHBOURS, ungated: true } });
    const at = new Map(ranked.map((r, k) => [r.id, k]));
    const indices: number[] = new Array(ranked.length);
    set.docs.forEach((d, i) => {
      const k = at.get(d.id);
      if (k !== undefined) indices[k] = i;
    });
    return indices;
  }

  /** The set, its saved ids and, when wanted and the model is ready, the listed entries' vectors. */
  async function listingInputs(entries: ListedInput[], wantSemantic: boolean) {
    const set = await sets.load();
    const saved = await savedSet();
    const { vectors, ready } = await indexer.semanticState(set);
    const texts = entries.map((e) => paperText({ title: e.title, abstract: e.abstract ?? '' }));
    const modelReady = ready && embedder.state().phase === 'ready';
    const listed = wantSemantic && modelReady ? await indexer.listedVectors(texts, texts.map(textHash)).catch(() => null) : null;
    const calibration = await sets.calibrationOf(set, listed ? vectors : null);
    const titleOf = (id: string) => set.docs.find((d) => d.id === id)?.title ?? id;
    const failed = embedder.state().phase === 'error';
    return { set, saved, vectors, listed, calibration, titleOf, failed };
  }

  return {
    async getRelated(paper, wait) {
      // Seeding the database and remembering the visit must neither delay the results nor, failing
      // (full disk), cost them: the first answer on a fresh install does not wait for 70 rows to be written.
      void seeding
        .seed()
        .then(() => writePaperRow(db, paper, corpusById.get(paper.id), 'visited'))
        .catch(() => undefined);
      return related({ id: paper.id, title: paper.title, abstract: paper.abstract }, wait);
    },

    async getRelatedById(id, wait) {
      await seeding.seed();
      const p = await db.papers.get(id);
      if (!p || (!p.title && !p.abstract)) return null;
      return related({ id, title: p.title, abstract: p.abstract }, wait);
    },

    async warm() {
      const [set] = await Promise.all([sets.load(), savedSet()]);
      const { vectors, ready } = await indexer.semanticState(set, false);
      await sets.calibrationOf(set, ready ? vectors : null);
    },

    async search(query, scope) {
      const set = await sets.load();
      const text = query.trim().slice(0, 2000);
      const { vectors, ready } = await indexer.semanticState(set);
      let semantic;
      if (text && ready && embedder.state().phase === 'ready') {
        // A query is embedded on demand and not stored: queries are not papers.
        const [q] = await embedder.embed([text]).catch(() => [null]);
        if (q) semantic = indexer.semanticInput(q, vectors);
      }
      const saved = await savedSet();
      const exclude = scope === 'library' ? new Set(set.docs.filter((d) => !saved.has(d.id)).map((d) => d.id)) : new Set<string>();
      const calibration = await sets.calibrationOf(set, semantic ? vectors : null);
      const ranked = text ? searchPapers({ index: set.index, text, exclude, calibration, semantic }) : [];
      return { results: ranked.map((r) => toItem(set, r, saved)), signals: semantic ? ['lexical', 'semantic'] : ['lexical'] };
    },

    async annotate(entries, wantSemantic) {
      const { set, saved, vectors, listed, calibration, titleOf, failed } = await listingInputs(entries, wantSemantic);
      const notCorpus = new Set(set.docs.slice(set.corpusCount).map((d) => d.id));
      const notSaved = new Set(set.docs.filter((d) => !saved.has(d.id)).map((d) => d.id));
      const items = entries.map((e, i) => {
        const query = { title: e.title, abstract: e.abstract ?? '' };
        const q = listed?.[i];
        const semantic = q ? indexer.semanticInput(q, vectors) : undefined;
        // The same rule as the panel's: a badge only where the panel would list the paper.
        const [top] = rankRelated({ index: set.index, query, exclude: new Set([e.id, ...notCorpus]), calibration, semantic, options: { limit: 1 } });
        const [lib] = saved.size ? rankRelated({ index: set.index, query, exclude: new Set([e.id, ...notSaved]), calibration, semantic, options: { limit: 1 } }) : [];
        const closest = top ? { id: top.id, title: titleOf(top.id), relatedness: top.relatedness } : null;
        const library = lib ? { id: lib.id, title: titleOf(lib.id), relatedness: lib.relatedness } : null;
        return { id: e.id, saved: saved.has(e.id), closest, library };
      });
      return { items, signals: listed ? ['lexical', 'semantic'] : ['lexical'], pending: !listed && !failed };
    },

    async forYou(entries, wantSemantic) {
      const { set, saved, vectors, listed, calibration, titleOf, failed } = await listingInputs(entries, wantSemantic);
      return forYouListing(
        {
          db,
          index: set.index,
          titleOf,
          saved,
          calibration,
          docVectors: listed ? vectors : null,
          listed,
          fingerprint: `${set.fingerprint}:${[...saved].sort().join(',')}:${listed ? embedder.modelId : 'keywords'}`,
        },
        entries,
        listed ? ['lexical', 'semantic'] : ['lexical'],
        !listed && !failed,
      );
    },

    async forYouToday() {
      return forYouToday(db, await savedSet());
    },

    indexCorpus: () => indexer.indexCorpus(),
    async progress() {
      const vectors = await indexer.storedVectors(await sets.load());
      return { done: vectors.filter(Boolean).length, total: vectors.length };
    },
    invalidate(change) {
      sets.markChanged();
      // The ids change in place when the change says which (a save into 50,000 papers reads nothing again).
      savedIds.apply(change);
    },
    retryModel() {
      indexer.retry();
      embedder.reset();
    },
    stats: () => indexer.stats(),
  };
}
