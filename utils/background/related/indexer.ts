/**
 * The vectors of a document set for one model: read from the database once per set, embedded where
 * missing (the whole set by `indexCorpus`, a page's own paper by `embedQuery`, listed entries by
 * `listedVectors`), stored as they arrive, and counted (diagnostics: a restart must not re-embed).
 */
import type { NeighborsDb } from '../db/schema';
import { getVectors, putVectors } from '../db/vector-store';
import { describeStorageError } from '../db/errors';
import type { Embedder } from '../../model/types';
import { EXACT_SEMANTIC_LIMIT } from '../ranking/rank';
import { packSigns } from '../ranking/vectors';
import type { Doc, DocSet } from './doc-set';

const EMBED_COUNT_KEY = 'embeddedTexts';

export interface IndexerDeps {
  db: NeighborsDb;
  embedder: Embedder;
  /** Texts embedded per call; keeps each message and each transaction small. */
  batchSize: number;
  loadDocs(): Promise<DocSet>;
}

export type Indexer = ReturnType<typeof createIndexer>;

export function createIndexer(deps: IndexerDeps) {
  const { db, embedder, batchSize } = deps;
  let indexing: Promise<void> | null = null;
  /** Why storing embeddings failed, until a retry: keeps the UI from waiting for semantic results forever. */
  let indexError: string | null = null;
  const queryJobs = new Map<string, Promise<void>>();

  /** The one read of each set's vectors, and how many texts stored elsewhere it had seen when last checked. */
  const vectorReads = new WeakMap<DocSet, Promise<(Float32Array | null)[]>>();
  const vectorsSeen = new WeakMap<DocSet, number>();
  /**
   * Hashes of texts stored outside indexing (pages' own papers, listed papers) in this worker's life, in
   * order: a set's vectors read before them may lack one of them.
   */
  const storedElsewhere: string[] = [];
  /** Papers of a set to embed before the others: the likely neighbours of the paper on the page. */
  const firstOf = new WeakMap<DocSet, number[]>();
  /** Sign codes of a large set's vectors (computed once per vectors array): rankRelated searches by them past EXACT_SEMANTIC_LIMIT papers. */
  const codesOf = new WeakMap<readonly (Float32Array | null)[], { present: number; codes: Uint32Array }>();

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
        vectorsSeen.set(set, storedElsewhere.length);
        return vectors;
      });
      reading.catch(() => vectorReads.delete(set));
      vectorReads.set(set, (read = reading));
    }
    const vectors = await read;
    // A text stored for a page or a listing may be a text of the set too: those texts, and only those
    // (not every missing vector: 50,000 keys on a fresh large library), are looked up again.
    const seen = vectorsSeen.get(set) ?? 0;
    if (seen !== storedElsewhere.length) {
      const written = new Set(storedElsewhere.slice(seen));
      vectorsSeen.set(set, storedElsewhere.length);
      const missing = vectors.flatMap((v, i) => (!v && written.has(set.docs[i].hash) ? [i] : []));
      const found = missing.length ? await getVectors(db, embedder.modelId, missing.map((i) => set.docs[i].hash)) : [];
      missing.forEach((i, k) => {
        vectors[i] ??= found[k];
      });
    }
    return vectors;
  }

  /**
   * Papers joined the set in place: the vectors already read stay (re-reading 50,000 keys takes seconds);
   * only the new papers' are read, appended to the same array, which indexing fills in place.
   */
  async function appendVectors(set: DocSet, added: Doc[]): Promise<void> {
    const read = vectorReads.get(set);
    if (!read) return;
    const vectors = await read;
    for (const v of await getVectors(db, embedder.modelId, added.map((d) => d.hash))) vectors.push(v);
    codesOf.delete(vectors);
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

  /** Embeds every paper of the set not yet stored for this model; resolves when done. */
  function indexCorpus(): Promise<void> {
    indexing ??= (async () => {
      const set = await deps.loadDocs();
      const stored = await storedVectors(set);
      // In document order, except that the papers a page asked for (`prioritize`) go first, as soon as asked.
      let cursor = 0;
      for (;;) {
        // A page's wish is a batch of its own, not topped up with papers in document order: its vectors
        // are stored, and its list refined, as soon as those papers are read.
        const batch = (firstOf.get(set) ?? []).filter((i) => !stored[i]).slice(0, batchSize);
        if (batch.length === 0) for (; batch.length < batchSize && cursor < stored.length; cursor++) if (!stored[cursor]) batch.push(cursor);
        if (batch.length === 0) break;
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

  /** Starts reading the set's missing papers in the background, unless the model or the disk failed. */
  function startIndexing(): void {
    if (embedder.state().phase !== 'error' && !indexError) void indexCorpus().catch(() => undefined);
  }

  return {
    storedVectors,
    appendVectors,
    indexCorpus,

    /**
     * Embed these papers of the set next (replacing an earlier wish): on a fresh install the page's likely
     * neighbours get their vectors first, so its first semantic results need a few papers, not the corpus.
     */
    prioritize(set: DocSet, indices: number[]) {
      firstOf.set(set, indices);
    },

    /** Why the last indexing failed (storage), or null. */
    error: () => indexError,
    failed: () => embedder.state().phase === 'error' || indexError !== null,

    /** Embeds and stores a page's own paper (one job per text, however many requests ask). */
    embedQuery(text: string, hash: string): Promise<void> {
      let job = queryJobs.get(hash);
      if (!job) {
        job = embedAndStore([text], [hash])
          .then(() => {
            storedElsewhere.push(hash);
          })
          .catch((e: unknown) => {
            if (embedder.state().phase !== 'error') indexError = describeStorageError(e);
          })
          .finally(() => queryJobs.delete(hash));
        queryJobs.set(hash, job);
      }
      return job;
    },

    /**
     * Semantic inputs when the corpus part of the set is embedded; otherwise starts the work that will
     * make them available (unless `start` is false) and says how far it is.
     */
    async semanticState(set: DocSet, start = true): Promise<{ vectors: (Float32Array | null)[]; ready: boolean; done: number }> {
      const vectors = await storedVectors(set);
      const done = vectors.filter(Boolean).length;
      const corpusReady = vectors.slice(0, set.corpusCount).every(Boolean);
      if (start && done < vectors.length) startIndexing();
      return { vectors, ready: corpusReady, done };
    },

    startIndexing,

    /** What rankRelated needs of a query vector over the set's vectors (sign codes past EXACT_SEMANTIC_LIMIT papers). */
    semanticInput(query: Float32Array, docs: (Float32Array | null)[]) {
      if (docs.length <= EXACT_SEMANTIC_LIMIT) return { query, docs };
      // Indexing fills the same array in place: codes are remade when more vectors are present.
      const present = docs.reduce((n, v) => n + (v ? 1 : 0), 0);
      let cached = codesOf.get(docs);
      if (cached?.present !== present) codesOf.set(docs, (cached = { present, codes: packSigns(docs, query.length) }));
      return { query, docs, codes: cached.codes };
    },

    /** Vectors of listed papers: cached ones from the database, the rest embedded in batches and stored. */
    async listedVectors(texts: string[], hashes: string[]): Promise<(Float32Array | null)[]> {
      const out = await getVectors(db, embedder.modelId, hashes);
      const missing = out.flatMap((v, i) => (v ? [] : [i]));
      for (let start = 0; start < missing.length; start += batchSize) {
        const batch = missing.slice(start, start + batchSize);
        const vecs = await embedAndStore(batch.map((i) => texts[i]), batch.map((i) => hashes[i]));
        storedElsewhere.push(...batch.map((i) => hashes[i]));
        batch.forEach((i, k) => (out[i] = vecs[k]));
      }
      return out;
    },

    retry() {
      indexError = null;
    },

    async stats() {
      const row = await db.meta.get(EMBED_COUNT_KEY);
      return { embeddedTexts: (row?.value as Record<string, number> | undefined) ?? {}, storedVectors: await db.vectors.count() };
    },
  };
}
