/**
 * Related papers and search over the corpus plus the reading list: lexical results at once, fused with
 * embeddings once the vectors for the current model are stored. Everything held in memory here (the
 * document set, index, vectors) is a cache rebuilt from IndexedDB, because Chrome stops the service
 * worker when idle.
 */
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import { absUrl } from '../../shared/arxiv/ids';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord } from '../db/schema';
import { getVectors, putVectors } from '../db/vector-store';
import { mergePaperRow, writePaperRow } from '../db/paper-record';
import { describeStorageError } from '../db/errors';
import { dismissedFor } from '../db/dismissals';
import { paperText, textHash } from '../embedding/text';
import type { Embedder } from '../../model/types';
import { addToIndex, buildLexicalIndex, type LexicalIndex } from '../ranking/lexical';
import { shippedCalibration, shippedIndex, type ShippedCorpus } from '../corpus/shipped-index';
import { calibrate, rankRelated, searchPapers, DEFAULT_RANK_OPTIONS, EXACT_SEMANTIC_LIMIT, type Calibration, type RankedPaper } from '../ranking/rank';
import { packSigns } from '../ranking/vectors';
import { forYouListing, forYouToday } from './for-you-listing';
import type { LibraryChange } from '../../shared/library/types';
import type { ForYouResponse, ForYouTodayItem, ListedInput, ListingResponse, RelatedItem, RelatedResponse, SearchResponse } from '../../shared/related-types';

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
  /** The reading list changed: saved papers join or leave the index. */
  /** The reading list changed; `change` says which ids joined or left it (absent: read them again). */
  invalidate(change?: LibraryChange): void;
  retryModel(): void;
  stats(): Promise<{ embeddedTexts: Record<string, number>; storedVectors: number }>;
}

const EMBED_COUNT_KEY = 'embeddedTexts';
/** The last measured backgrounds (`calibrationOf`). */
const CALIBRATION_KEY = 'calibration';

/** A paper the service ranks. */
interface Doc {
  id: string;
  title: string;
  abstract: string;
  firstAuthor: string | null;
  year: string | null;
  text: string;
  hash: string;
}

interface DocSet {
  docs: Doc[];
  index: LexicalIndex;
  /** Number of seed-corpus docs at the start of `docs`. */
  corpusCount: number;
  vectors: (Float32Array | null)[] | null;
  /** Identifies the indexed texts: a calibration stored under another fingerprint is stale. */
  fingerprint: string;
  /** Keyword backgrounds of this set (measured on first use, or read back from the database). */
  lexical: Promise<Calibration> | null;
  /** Keyword and semantic backgrounds, for the vectors present when they were measured. */
  semantic: { vectors: number; calibration: Promise<Calibration> } | null;
}

function doc(id: string, title: string, abstract: string, firstAuthor: string | null, year: string | null): Doc {
  const text = paperText({ title, abstract });
  return { id, title, abstract, firstAuthor, year, text, hash: textHash(text) };
}

/** Creates the service; nothing is read or computed until the first request. */
export function createRelatedService(deps: RelatedServiceDeps): RelatedService {
  const { db, embedder, corpus } = deps;
  const batchSize = deps.batchSize ?? 16;
  const corpusIds = new Set(corpus.map((p) => p.id));
  const corpusById = new Map(corpus.map((p) => [p.id, p]));

  let seeded: Promise<void> | null = null;
  let docSet: Promise<DocSet> | null = null;
  let indexing: Promise<void> | null = null;
  /** Why storing embeddings failed, until a retry: keeps the UI from waiting for semantic results forever. */
  let indexError: string | null = null;
  const queryJobs = new Map<string, Promise<void>>();

  function seed(): Promise<void> {
    seeded ??= db
      .transaction('rw', db.papers, db.meta, async () => {
        const meta = await db.meta.get('corpusVersion');
        if (meta?.value === deps.corpusVersion) return;
        const existing = new Map((await db.papers.bulkGet(corpus.map((p) => p.id))).map((r) => [r?.id, r]));
        const now = Date.now();
        await db.papers.bulkPut(corpus.map((p) => mergePaperRow(p.id, null, existing.get(p.id), p, 'seed', now, true)));
        await db.meta.put({ key: 'corpusVersion', value: deps.corpusVersion });
      })
      .catch((e: unknown) => {
        seeded = null;
        throw e;
      });
    return seeded;
  }

  /** Corpus first, then saved papers with a title that are not in the corpus. */
  /** Saved papers (outside the corpus) with a title, as the database has them now. */
  async function savedDocs(except: ReadonlySet<string> = new Set()): Promise<{ ids: Set<string>; docs: Doc[] }> {
    const ids = new Set([...(await savedSet())].filter((id) => !corpusIds.has(id)));
    const wanted = [...ids].filter((id) => !except.has(id));
    const saved = (await db.papers.bulkGet(wanted)).filter((p): p is PaperRecord => !!p && p.title.length > 0);
    return { ids, docs: saved.map((p) => doc(p.id, p.title, p.abstract, p.authors[0] ?? null, p.yearMonth?.slice(0, 4) ?? null)) };
  }

  const fingerprintOf = (docs: readonly Doc[]) => textHash(docs.map((d) => d.hash).join(''));

  /**
   * Corpus first, then saved papers with a title that are not in the corpus. With the index the build
   * shipped, the saved papers join a copy of it (`addToIndex`): weighted with the corpus's idf, as a
   * fixed reference vocabulary.
   */
  function buildDocs(): Promise<DocSet> {
    return (async () => {
      // The corpus comes from the code: no need to wait for it to be written to the database.
      const docs = corpus.map((p) => doc(p.id, p.title, p.abstract, p.firstAuthor, p.yearMonth.slice(0, 4)));
      const saved = (await savedDocs()).docs;
      docs.push(...saved);
      const shipped = deps.shipped?.corpusVersion === deps.corpusVersion ? deps.shipped : null;
      let index: LexicalIndex;
      if (shipped) {
        index = shippedIndex(shipped);
        addToIndex(index, saved);
      } else index = buildLexicalIndex(docs);
      const set: DocSet = { docs, index, corpusCount: corpus.length, vectors: null, fingerprint: fingerprintOf(docs), lexical: null, semantic: null };
      if (shipped && saved.length === 0) set.lexical = Promise.resolve(shippedCalibration(shipped));
      return set;
    })();
  }

  /**
   * The set after the reading list changed: newly saved papers join the index in place (a save costs
   * well under a millisecond, whatever the size of the library); a paper removed from the reading list
   * means a rebuild.
   */
  async function refreshDocs(previous: Promise<DocSet>): Promise<DocSet> {
    const set = await previous.catch(() => null);
    if (!set) return buildDocs();
    const indexed = new Set(set.docs.slice(set.corpusCount).map((d) => d.id));
    const { ids, docs: added } = await savedDocs(indexed);
    if ([...indexed].some((id) => !ids.has(id))) return buildDocs();
    if (added.length === 0) return set;
    set.docs.push(...added);
    addToIndex(set.index, added);
    // The vectors already read stay (re-reading 50,000 keys takes seconds): only the new papers' are read,
    // appended to the same array, which indexing fills in place.
    const read = vectorReads.get(set);
    if (read) {
      const vectors = await read;
      for (const v of await getVectors(db, embedder.modelId, added.map((d) => d.hash))) vectors.push(v);
      codesOf.delete(vectors);
    }
    set.fingerprint = fingerprintOf(set.docs);
    set.lexical = null;
    set.semantic = null;
    return set;
  }

  /** Whether the reading list changed since the set was read. */
  let readingListChanged = false;

  function loadDocs(): Promise<DocSet> {
    if (docSet && readingListChanged) docSet = refreshDocs(docSet);
    readingListChanged = false;
    docSet ??= buildDocs();
    const current = docSet;
    current.catch(() => {
      if (docSet === current) docSet = null;
    });
    return current;
  }

  /**
   * The backgrounds of a set, measured once and kept beside the vectors (`meta`), so a new
   * service-worker life reads them back instead of measuring again; remeasured when the indexed texts,
   * the model or the vectors present change.
   */
  function calibrationOf(set: DocSet, vectors: (Float32Array | null)[] | null): Promise<Calibration> {
    const present = vectors ? vectors.filter(Boolean).length : 0;
    if (!vectors || present === 0) return (set.lexical ??= storedCalibration(`${set.fingerprint}:keywords`, () => calibrate(set.index, set.docs)));
    if (set.semantic?.vectors !== present) {
      const key = `${set.fingerprint}:${embedder.modelId}:${present}`;
      set.semantic = { vectors: present, calibration: storedCalibration(key, () => calibrate(set.index, set.docs, vectors)) };
    }
    return set.semantic.calibration;
  }

  async function storedCalibration(key: string, measure: () => Calibration): Promise<Calibration> {
    const row = await db.meta.get(CALIBRATION_KEY).catch(() => undefined);
    const stored = row?.value as { key: string; calibration: Calibration } | undefined;
    if (stored?.key === key && stored.calibration.pairs instanceof Float32Array) return stored.calibration;
    const calibration = measure();
    // A full disk only costs the next start-up a measurement.
    await db.meta.put({ key: CALIBRATION_KEY, value: { key, calibration } }).catch(() => undefined);
    return calibration;
  }

  /** The one read of each set's vectors, and how many query vectors had been stored when it was checked. */
  const vectorReads = new WeakMap<DocSet, Promise<(Float32Array | null)[]>>();
  const vectorsSeen = new WeakMap<DocSet, number>();
  let queryWrites = 0;

  /**
   * The set's vectors, read once: indexing writes every new vector into this array as it stores it, and
   * a refresh appends the new papers', so a missing vector is not looked up again on every request.
   */
  async function storedVectors(set: DocSet): Promise<(Float32Array | null)[]> {
    // One read per set, however many requests arrive at once (each with its own array, indexing would
    // fill one while the others stayed empty, and the rest would be embedded again).
    let read = vectorReads.get(set);
    if (!read) {
      const reading = getVectors(db, embedder.modelId, set.docs.map((d) => d.hash)).then((vectors) => {
        set.vectors = vectors;
        vectorsSeen.set(set, queryWrites);
        return vectors;
      });
      reading.catch(() => vectorReads.delete(set));
      vectorReads.set(set, (read = reading));
    }
    const vectors = await read;
    // A paper's own text embedded for its page may be a text of the set too: the missing ones are looked up again then.
    if (vectorsSeen.get(set) !== queryWrites) {
      vectorsSeen.set(set, queryWrites);
      const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
      const found = await getVectors(db, embedder.modelId, missing.map((i) => set.docs[i].hash));
      missing.forEach((i, k) => {
        vectors[i] ??= found[k];
      });
    }
    return vectors;
  }

  async function countEmbedded(n: number): Promise<void> {
    await db.transaction('rw', db.meta, async () => {
      const row = await db.meta.get(EMBED_COUNT_KEY);
      const counts = { ...((row?.value as Record<string, number> | undefined) ?? {}) };
      counts[embedder.modelId] = (counts[embedder.modelId] ?? 0) + n;
      await db.meta.put({ key: EMBED_COUNT_KEY, value: counts });
    });
  }

  async function embedAndStore(texts: string[], hashes: string[]): Promise<Float32Array[]> {
    const out = await embedder.embed(texts);
    await putVectors(db, embedder.modelId, hashes.map((hash, i) => ({ hash, vector: out[i] })));
    await countEmbedded(texts.length);
    return out;
  }

  function indexCorpus(): Promise<void> {
    indexing ??= (async () => {
      const set = await loadDocs();
      const stored = await storedVectors(set);
      const missing = stored.flatMap((v, i) => (v ? [] : [i]));
      for (let start = 0; start < missing.length; start += batchSize) {
        const batch = missing.slice(start, start + batchSize);
        const out = await embedAndStore(batch.map((i) => set.docs[i].text), batch.map((i) => set.docs[i].hash));
        batch.forEach((i, k) => {
          stored[i] = out[k];
        });
      }
    })()
      .then(() => {
        indexError = null;
      })
      .catch((e: unknown) => {
        // Model failures are the embedder's to report; anything else (a full disk) is reported here.
        if (embedder.state().phase !== 'error') indexError = describeStorageError(e);
        throw e;
      })
      .finally(() => {
        indexing = null;
      });
    return indexing;
  }

  function embedQuery(text: string, hash: string): Promise<void> {
    let job = queryJobs.get(hash);
    if (!job) {
      job = embedAndStore([text], [hash])
        .then(() => {
          queryWrites++;
        })
        .finally(() => queryJobs.delete(hash));
      queryJobs.set(hash, job);
    }
    return job;
  }

  async function rememberVisited(paper: PaperMeta): Promise<void> {
    await writePaperRow(db, paper, corpusById.get(paper.id), 'visited');
  }

  /** The reading list's ids, read once per change (`invalidate`): 50,000 keys take ~300 ms to read. */
  let savedIds: Promise<Set<string>> | null = null;
  function savedSet(): Promise<Set<string>> {
    const read = (savedIds ??= db.readingList
      .toCollection()
      .primaryKeys()
      .then((keys) => new Set(keys as string[])));
    read.catch(() => {
      if (savedIds === read) savedIds = null;
    });
    return read;
  }

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

  /**
   * Semantic inputs when the corpus part of the index is embedded; otherwise starts the work that
   * will make them available and says how far it is.
   */
  async function semanticState(set: DocSet): Promise<{ vectors: (Float32Array | null)[]; ready: boolean; done: number }> {
    const vectors = await storedVectors(set);
    const done = vectors.filter(Boolean).length;
    const corpusReady = vectors.slice(0, set.corpusCount).every(Boolean);
    if (done < vectors.length && embedder.state().phase !== 'error' && !indexError) void indexCorpus().catch(() => undefined);
    return { vectors, ready: corpusReady, done };
  }

  /** Sign codes of a large set's vectors (computed once per vectors array): rankRelated searches by them past EXACT_SEMANTIC_LIMIT papers. */
  const codesOf = new WeakMap<readonly (Float32Array | null)[], { present: number; codes: Uint32Array }>();
  function semanticInput(query: Float32Array, docs: (Float32Array | null)[]) {
    if (docs.length <= EXACT_SEMANTIC_LIMIT) return { query, docs };
    // Indexing fills the same array in place: codes are remade when more vectors are present.
    const present = docs.reduce((n, v) => n + (v ? 1 : 0), 0);
    let cached = codesOf.get(docs);
    if (cached?.present !== present) codesOf.set(docs, (cached = { present, codes: packSigns(docs, query.length) }));
    return { query, docs, codes: cached.codes };
  }

  /** Longest a `wait` request holds on to the query's embedding before answering anyway. */
  const WAIT_LIMIT_MS = 15_000;

  async function related(query: { id: string; title: string; abstract: string }, wait = false): Promise<RelatedResponse> {
    const text = paperText(query);
    const hash = textHash(text);
    // Independent reads in parallel: a cold start waits for the slowest, not for their sum.
    const [set, saved, [storedQuery], hidden] = await Promise.all([loadDocs(), savedSet(), getVectors(db, embedder.modelId, [hash]), dismissedFor(db, query.id)]);
    const { vectors, ready, done } = await semanticState(set);
    const queryVec = ready ? storedQuery : null;
    const failed = embedder.state().phase === 'error' || indexError !== null;
    if (ready && !queryVec && !failed) {
      const job = embedQuery(text, hash).catch((e: unknown) => {
        if (embedder.state().phase !== 'error') indexError = describeStorageError(e);
      });
      if (wait) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([job, new Promise((r) => (timer = setTimeout(r, WAIT_LIMIT_MS)))]);
        clearTimeout(timer);
        return related(query);
      }
    }
    const semantic = ready && queryVec ? semanticInput(queryVec, vectors) : undefined;
    const calibration = await calibrationOf(set, semantic ? vectors : null);
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
      pending: !semantic && !failed,
      selfSaved: saved.has(query.id),
      hidden: hidden.size,
      collection: { bundled: set.corpusCount, saved: saved.size },
      notice: semantic ? null : indexError,
    };
  }

  /** Vectors of listed papers: cached ones from the database, the rest embedded in batches and stored. */
  async function listedVectors(texts: string[], hashes: string[]): Promise<(Float32Array | null)[]> {
    const out = await getVectors(db, embedder.modelId, hashes);
    const missing = out.flatMap((v, i) => (v ? [] : [i]));
    for (let start = 0; start < missing.length; start += batchSize) {
      const batch = missing.slice(start, start + batchSize);
      const vecs = await embedAndStore(batch.map((i) => texts[i]), batch.map((i) => hashes[i]));
      batch.forEach((i, k) => (out[i] = vecs[k]));
    }
    return out;
  }

  return {
    async getRelated(paper, wait) {
      // Seeding the database and remembering the visit must neither delay the results nor, failing
      // (full disk), cost them: the first answer on a fresh install does not wait for 70 rows to be written.
      void seed()
        .then(() => rememberVisited(paper))
        .catch(() => undefined);
      return related({ id: paper.id, title: paper.title, abstract: paper.abstract }, wait);
    },

    async getRelatedById(id, wait) {
      await seed();
      const p = await db.papers.get(id);
      if (!p || (!p.title && !p.abstract)) return null;
      return related({ id, title: p.title, abstract: p.abstract }, wait);
    },

    async search(query, scope) {
      const set = await loadDocs();
      const text = query.trim().slice(0, 2000);
      const { vectors, ready } = await semanticState(set);
      let semantic;
      if (text && ready && embedder.state().phase === 'ready') {
        // A query is embedded on demand and not stored: queries are not papers.
        const [q] = await embedder.embed([text]).catch(() => [null]);
        if (q) semantic = semanticInput(q, vectors);
      }
      const saved = await savedSet();
      const exclude = scope === 'library' ? new Set(set.docs.filter((d) => !saved.has(d.id)).map((d) => d.id)) : new Set<string>();
      const calibration = await calibrationOf(set, semantic ? vectors : null);
      const ranked = text ? searchPapers({ index: set.index, text, exclude, calibration, semantic }) : [];
      return { results: ranked.map((r) => toItem(set, r, saved)), signals: semantic ? ['lexical', 'semantic'] : ['lexical'] };
    },

    async annotate(entries, wantSemantic) {
      const set = await loadDocs();
      const saved = await savedSet();
      const { vectors, ready } = await semanticState(set);
      const texts = entries.map((e) => paperText({ title: e.title, abstract: e.abstract ?? '' }));
      const modelReady = ready && embedder.state().phase === 'ready';
      const listed = wantSemantic && modelReady ? await listedVectors(texts, texts.map(textHash)).catch(() => null) : null;
      const notCorpus = new Set(set.docs.slice(set.corpusCount).map((d) => d.id));
      const notSaved = new Set(set.docs.filter((d) => !saved.has(d.id)).map((d) => d.id));
      const calibration = await calibrationOf(set, listed ? vectors : null);
      const titleOf = (id: string) => set.docs.find((d) => d.id === id)?.title ?? id;
      const items = entries.map((e, i) => {
        const query = { title: e.title, abstract: e.abstract ?? '' };
        const q = listed?.[i];
        const semantic = q ? semanticInput(q, vectors) : undefined;
        // The same rule as the panel's: a badge only where the panel would list the paper.
        const [top] = rankRelated({ index: set.index, query, exclude: new Set([e.id, ...notCorpus]), calibration, semantic, options: { limit: 1 } });
        const [lib] = saved.size ? rankRelated({ index: set.index, query, exclude: new Set([e.id, ...notSaved]), calibration, semantic, options: { limit: 1 } }) : [];
        const closest = top ? { id: top.id, title: titleOf(top.id), relatedness: top.relatedness } : null;
        const library = lib ? { id: lib.id, title: titleOf(lib.id), relatedness: lib.relatedness } : null;
        return { id: e.id, saved: saved.has(e.id), closest, library };
      });
      const failed = embedder.state().phase === 'error';
      return { items, signals: listed ? ['lexical', 'semantic'] : ['lexical'], pending: !listed && !failed };
    },

    async forYou(entries, wantSemantic) {
      const set = await loadDocs();
      const saved = await savedSet();
      const { vectors, ready } = await semanticState(set);
      const modelReady = ready && embedder.state().phase === 'ready';
      const texts = entries.map((e) => paperText({ title: e.title, abstract: e.abstract ?? '' }));
      const listed = wantSemantic && modelReady ? await listedVectors(texts, texts.map(textHash)).catch(() => null) : null;
      const calibration = await calibrationOf(set, listed ? vectors : null);
      const failed = embedder.state().phase === 'error';
      return forYouListing(
        {
          db,
          index: set.index,
          titleOf: (id) => set.docs.find((d) => d.id === id)?.title ?? id,
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

    indexCorpus,
    async progress() {
      const vectors = await storedVectors(await loadDocs());
      return { done: vectors.filter(Boolean).length, total: vectors.length };
    },
    invalidate(change) {
      readingListChanged = true;
      // The ids change in place when the change says which (a save into 50,000 papers reads nothing again).
      const known = savedIds;
      savedIds = change && known ? known.then((old) => {
        const ids = new Set(old);
        for (const id of change.removed) ids.delete(id);
        for (const id of change.added) ids.add(id);
        return ids;
      }) : null;
    },
    retryModel() {
      indexError = null;
      embedder.reset();
    },
    async stats() {
      const row = await db.meta.get(EMBED_COUNT_KEY);
      return { embeddedTexts: (row?.value as Record<string, number> | undefined) ?? {}, storedVectors: await db.vectors.count() };
    },
  };
}
