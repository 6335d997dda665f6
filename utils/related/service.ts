/**
 * Related papers for the paper on a page: lexical results at once, fused with embeddings once the
 * corpus vectors for the current model are stored. Everything held in memory here (index, vectors)
 * is a cache rebuilt from IndexedDB, because Chrome stops the service worker when idle.
 */
import type { PaperMeta } from '../arxiv/abs-page';
import { absUrl } from '../arxiv/ids';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord } from '../db/schema';
import { getVectors, putVectors } from '../db/vector-store';
import { paperText, textHash } from '../embedding/text';
import type { Embedder } from '../embedding/types';
import { buildLexicalIndex, type LexicalIndex } from '../ranking/lexical';
import { rankRelated, type RankedPaper, type SemanticCalibration } from '../ranking/rank';
import type { RelatedItem, RelatedResponse } from './types';

export interface RelatedServiceDeps {
  db: NeighborsDb;
  embedder: Embedder;
  corpus: readonly CorpusPaper[];
  corpusVersion: string;
  calibration: SemanticCalibration;
  /** Texts embedded per call; keeps each message and each transaction small. */
  batchSize?: number;
}

export interface RelatedService {
  getRelated(paper: PaperMeta): Promise<RelatedResponse>;
  /** Embeds every corpus paper not yet stored for the current model; resolves when done. */
  indexCorpus(): Promise<void>;
  retryModel(): void;
  stats(): Promise<{ embeddedTexts: Record<string, number>; storedVectors: number }>;
}

const EMBED_COUNT_KEY = 'embeddedTexts';

/** Creates the service; nothing is read or computed until the first request. */
export function createRelatedService(deps: RelatedServiceDeps): RelatedService {
  const { db, embedder, corpus } = deps;
  const batchSize = deps.batchSize ?? 16;
  const corpusTexts = corpus.map(paperText);
  const corpusHashes = corpusTexts.map(textHash);
  const byId = new Map(corpus.map((p) => [p.id, p]));

  let seeded: Promise<void> | null = null;
  let index: LexicalIndex | null = null;
  let vectors: (Float32Array | null)[] | null = null;
  let indexing: Promise<void> | null = null;
  const queryJobs = new Map<string, Promise<void>>();

  function seed(): Promise<void> {
    seeded ??= db
      .transaction('rw', db.papers, db.meta, async () => {
        const meta = await db.meta.get('corpusVersion');
        if (meta?.value === deps.corpusVersion) return;
        const existing = new Map((await db.papers.bulkGet(corpus.map((p) => p.id))).map((r) => [r?.id, r]));
        const now = Date.now();
        await db.papers.bulkPut(
          corpus.map((p): PaperRecord => {
            const old = existing.get(p.id);
            return {
              id: p.id,
              version: old?.version ?? null,
              title: p.title,
              authors: old?.authors.length ? old.authors : p.firstAuthor ? [p.firstAuthor] : [],
              abstract: p.abstract,
              primarySubject: old?.primarySubject ?? null,
              subjects: old?.subjects ?? [],
              yearMonth: p.yearMonth,
              sources: [...new Set([...(old?.sources ?? []), 'seed' as const])],
              updatedAt: now,
            };
          }),
        );
        await db.meta.put({ key: 'corpusVersion', value: deps.corpusVersion });
      })
      .catch((e: unknown) => {
        seeded = null;
        throw e;
      });
    return seeded;
  }

  async function storedCorpusVectors(): Promise<(Float32Array | null)[]> {
    if (vectors && vectors.every((v) => v !== null)) return vectors;
    vectors = await getVectors(db, embedder.modelId, corpusHashes);
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
      const stored = await storedCorpusVectors();
      const missing = stored.flatMap((v, i) => (v ? [] : [i]));
      for (let start = 0; start < missing.length; start += batchSize) {
        const batch = missing.slice(start, start + batchSize);
        const out = await embedAndStore(batch.map((i) => corpusTexts[i]), batch.map((i) => corpusHashes[i]));
        batch.forEach((i, k) => {
          stored[i] = out[k];
        });
      }
    })().finally(() => {
      indexing = null;
    });
    return indexing;
  }

  function embedQuery(text: string, hash: string): Promise<void> {
    let job = queryJobs.get(hash);
    if (!job) {
      job = embedAndStore([text], [hash])
        .then(() => undefined)
        .finally(() => queryJobs.delete(hash));
      queryJobs.set(hash, job);
    }
    return job;
  }

  async function rememberVisited(paper: PaperMeta): Promise<void> {
    await db.transaction('rw', db.papers, async () => {
      const old = await db.papers.get(paper.id);
      const firstDate = paper.submitted[0];
      await db.papers.put({
        id: paper.id,
        version: paper.version ?? old?.version ?? null,
        title: paper.title || old?.title || '',
        authors: paper.authors.length ? paper.authors : (old?.authors ?? []),
        abstract: paper.abstract || old?.abstract || '',
        primarySubject: paper.primarySubject ?? old?.primarySubject ?? null,
        subjects: paper.subjects.length ? paper.subjects : (old?.subjects ?? []),
        yearMonth: old?.yearMonth ?? (firstDate ? firstDate.slice(0, 7) : null),
        sources: [...new Set([...(old?.sources ?? []), 'visited' as const])],
        updatedAt: Date.now(),
      });
    });
  }

  function toItem(r: RankedPaper): RelatedItem {
    const p = byId.get(r.id);
    return {
      id: r.id,
      title: p?.title ?? r.id,
      firstAuthor: p?.firstAuthor ?? null,
      year: p?.yearMonth.slice(0, 4) ?? null,
      url: absUrl(r.id),
      score: r.score,
      reason: r.reason,
    };
  }

  async function getRelated(paper: PaperMeta): Promise<RelatedResponse> {
    await seed();
    index ??= buildLexicalIndex(corpus);
    // Remembering the visit is a convenience for later features; failing to (full disk) must not cost the results.
    await rememberVisited(paper).catch(() => undefined);
    const query = { title: paper.title, abstract: paper.abstract };
    const exclude = new Set([paper.id]);
    const stored = await storedCorpusVectors();
    const done = stored.filter(Boolean).length;
    const complete = done === corpus.length;
    const text = paperText(query);
    const hash = textHash(text);
    const [queryVec] = complete ? await getVectors(db, embedder.modelId, [hash]) : [null];

    const model = embedder.state();
    const failed = model.phase === 'error';
    if (!failed) {
      if (!complete) void indexCorpus().catch(() => undefined);
      else if (!queryVec) void embedQuery(text, hash).catch(() => undefined);
    }
    const semantic = complete && queryVec ? { query: queryVec, docs: stored, calibration: deps.calibration } : undefined;
    const ranked = rankRelated({ index, query, exclude, semantic });
    return {
      results: ranked.map(toItem),
      signals: semantic ? ['lexical', 'semantic'] : ['lexical'],
      model: embedder.state(),
      indexing: { done, total: corpus.length },
      pending: !semantic && !failed,
    };
  }

  return {
    getRelated,
    indexCorpus,
    retryModel: () => embedder.reset(),
    async stats() {
      const row = await db.meta.get(EMBED_COUNT_KEY);
      return { embeddedTexts: (row?.value as Record<string, number> | undefined) ?? {}, storedVectors: await db.vectors.count() };
    },
  };
}
