import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { createRelatedService } from '@/utils/background/related/service';
import { createIndexer } from '@/utils/background/related/indexer';
import { EXACT_SEMANTIC_LIMIT } from '@/utils/background/ranking/rank';
import { packSigns } from '@/utils/background/ranking/vectors';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { createFakeEmbedder } from '../helpers/fake-embedder';
import { settle, visitor } from '../helpers/related';
import { randomEmbedder } from '../../scripts/eval/embedders';
import { shipCorpus } from '@/utils/background/corpus/shipped-index';
import type { Embedder, EmbedderState } from '@/utils/model/types';

/** An Embedder over a synchronous text → vector function (the evaluation's fakes). */
function embedderOf(fn: (text: string) => Float32Array, modelId = 'fake/random'): Embedder {
  let state: EmbedderState = { phase: 'idle' };
  return {
    modelId,
    state: () => state,
    reset() {},
    async embed(texts) {
      state = { phase: 'ready' };
      return texts.map(fn);
    },
  };
}

let dbCount = 0;
const freshDb = () => createDb(`test-${Date.now()}-${dbCount++}`);


function paperFrom(i: number, version: number | null = 3): PaperMeta {
  const p = CORPUS[i];
  return { id: p.id, version, title: p.title, authors: ['A. Author'], abstract: p.abstract, primarySubject: 'cs.LG', subjects: ['cs.LG'], submitted: ['2024-01-02'] };
}

describe('related service', () => {
  it('answers at once with lexical results, then semantic once the corpus is embedded', async () => {
    const embedder = createFakeEmbedder();
    const service = createRelatedService({ db: freshDb(), embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION, batchSize: 16 });
    const first = await service.getRelated(visitor);
    expect(first.signals).toEqual(['lexical']);
    expect(first.pending).toBe(true);
    expect(first.results.length).toBeGreaterThan(0);
    expect(first.results[0].url).toBe(`https://arxiv.org/abs/${first.results[0].id}`);
    const final = await settle(service);
    expect(final.signals).toEqual(['lexical', 'semantic']);
    expect(final.indexing).toEqual({ done: 70, total: 70 });
    expect(embedder.embedded).toBe(71);
    expect(embedder.calls).toBe(Math.ceil(70 / 16) + 1);
  });

  it('never lists the visited paper itself, whatever its version', async () => {
    const service = createRelatedService({ db: freshDb(), embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    // ALIGN (vision-language representation learning): other vision-language papers of the corpus are related to it.
    const r = await settle(service, paperFrom(49, 7));
    expect(r.results.map((x) => x.id)).not.toContain(CORPUS[49].id);
    expect(r.results.length).toBeGreaterThan(0);
  });

  it('reuses stored vectors across a restart: nothing is embedded twice', async () => {
    const db = freshDb();
    const a = createFakeEmbedder();
    await settle(createRelatedService({ db, embedder: a, corpus: CORPUS, corpusVersion: CORPUS_VERSION }));
    const b = createFakeEmbedder();
    const restarted = createRelatedService({ db, embedder: b, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const r = await restarted.getRelated(visitor);
    expect(r.signals).toContain('semantic');
    expect(b.embedded).toBe(0);
    expect((await restarted.stats()).embeddedTexts['fake/model']).toBe(71);
  });

  it('warming up after a restart reads the set, its vectors and backgrounds, so the page’s request reads only its own vector', async () => {
    const db = freshDb();
    await settle(createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION }));
    const reads = (warm: boolean) => async () => {
      const b = createFakeEmbedder();
      const restarted = createRelatedService({ db, embedder: b, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
      if (warm) await restarted.warm();
      const keys: number[] = [];
      const bulkGet = db.vectors.bulkGet.bind(db.vectors);
      db.vectors.bulkGet = ((k: unknown[]) => (keys.push(k.length), bulkGet(k as never))) as typeof db.vectors.bulkGet;
      try {
        const r = await restarted.getRelated(visitor);
        expect(r.signals).toContain('semantic');
      } finally {
        db.vectors.bulkGet = bulkGet;
      }
      expect(b.embedded).toBe(0);
      return keys.reduce((a, n) => a + n, 0);
    };
    expect(await reads(false)()).toBeGreaterThanOrEqual(CORPUS.length);
    expect(await reads(true)()).toBe(1);
  });

  it('warming up on a fresh install embeds nothing: the page’s own request decides what is read first', async () => {
    const fake = createFakeEmbedder();
    const service = createRelatedService({ db: freshDb(), embedder: fake, corpus: CORPUS, corpusVersion: CORPUS_VERSION, batchSize: 4 });
    await service.warm();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toBe(0);
    const answer = await service.getRelated(visitor);
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.signals).toEqual(['lexical']);
  });

  it('a different model embeds anew without touching the other model’s vectors', async () => {
    const db = freshDb();
    await createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION }).indexCorpus();
    const other = createFakeEmbedder({ modelId: 'other/model' });
    await createRelatedService({ db, embedder: other, corpus: CORPUS, corpusVersion: CORPUS_VERSION }).indexCorpus();
    expect(other.embedded).toBe(70);
    expect(await db.vectors.where('modelId').equals('fake/model').count()).toBe(70);
  });

  it('keeps lexical results and stops waiting when the model cannot be fetched; retry recovers', async () => {
    const embedder = createFakeEmbedder();
    embedder.fail = true;
    const service = createRelatedService({ db: freshDb(), embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const r = await settle(service);
    expect(r.model.phase).toBe('error');
    expect(r.signals).toEqual(['lexical']);
    expect(r.results.length).toBeGreaterThan(0);
    embedder.fail = false;
    service.retryModel();
    expect((await settle(service)).signals).toContain('semantic');
  });

  it('de-duplicates concurrent indexing', async () => {
    const embedder = createFakeEmbedder();
    let open!: () => void;
    embedder.gate = new Promise((r) => (open = r));
    const service = createRelatedService({ db: freshDb(), embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const runs = [service.indexCorpus(), service.indexCorpus(), service.getRelated(visitor)];
    open();
    await Promise.all(runs);
    // The corpus once, and the page's own paper (embedded first, for the first semantic answer).
    expect(embedder.embedded).toBe(71);
  });

  it('on a fresh install, the page’s likely neighbours and the paper itself are embedded first, and the list is refined long before the corpus is read', async () => {
    const fake = createFakeEmbedder();
    // Reading takes time, as on the device (a few ms a text here): the corpus cannot finish between two asks.
    const embedder = { ...fake, state: () => fake.state(), reset: () => fake.reset(), embed: async (texts: string[]) => {
      await new Promise((r) => setTimeout(r, 4 * texts.length));
      return fake.embed(texts);
    } };
    // The shipped batch size: a batch of 16 papers in document order begun before the page's wish was
    // known cost ~2.7 s of inference on the device before the page's own neighbours were read.
    const service = createRelatedService({ db: freshDb(), embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    let answer = await service.getRelated(visitor);
    expect(answer.signals).toEqual(['lexical']);
    // How many texts were read when the first semantic answer was asked for (reading goes on meanwhile).
    let atFirst = 0;
    while (!answer.signals.includes('semantic')) {
      await new Promise((r) => setTimeout(r, 2));
      atFirst = fake.embedded;
      answer = await service.getRelated(visitor);
    }
    // Its 12 likely neighbours and itself, nothing else: not the 70 papers the first semantic answer
    // used to wait for, nor a batch in document order begun before the page asked.
    expect(atFirst).toBeLessThanOrEqual(12 + 1);
    expect(answer.pending).toBe(true);
    expect(answer.indexing.done).toBeLessThan(answer.indexing.total);
    await service.indexCorpus();
    const settled = await service.getRelated(visitor);
    expect(settled.signals).toEqual(['lexical', 'semantic']);
    expect(settled.pending).toBe(false);
    expect(fake.embedded).toBe(71);
  });

  it('seeds the papers table once per corpus version and records visits', async () => {
    const db = freshDb();
    const service = createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    await service.getRelated(visitor);
    expect(await db.papers.where('sources').equals('seed').count()).toBe(70);
    expect((await db.papers.get(visitor.id))?.sources).toEqual(['visited']);
    expect((await db.meta.get('corpusVersion'))?.value).toBe(CORPUS_VERSION);
  });

  it('with a model that knows nothing (random vectors) lists exactly what the keywords list', async () => {
    const keywords = createRelatedService({ db: freshDb(), embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const first = await keywords.getRelated(visitor);
    expect(first.signals).toEqual(['lexical']);
    const random = createRelatedService({ db: freshDb(), embedder: embedderOf(randomEmbedder()), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const fused = await settle(random);
    expect(fused.signals).toEqual(['lexical', 'semantic']);
    expect(fused.results.map((r) => [r.id, r.relatedness.level])).toEqual(first.results.map((r) => [r.id, r.relatedness.level]));
  });

  it('keeps its calibration beside the vectors, measured again when the papers or the model change', async () => {
    const db = freshDb();
    const service = createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    await service.getRelated(visitor);
    const keywordsOnly = (await db.meta.get('calibration'))?.value as { key: string; calibration: { pairs: Float32Array } };
    expect(keywordsOnly.key).toMatch(/:keywords$/);
    expect(keywordsOnly.calibration.pairs).toBeInstanceOf(Float32Array);
    await settle(service);
    const withModel = (await db.meta.get('calibration'))?.value as { key: string };
    expect(withModel.key).toContain('fake/model');
    // A saved paper outside the corpus joins the indexed set: another fingerprint.
    await db.papers.put({ id: visitor.id, version: 2, title: visitor.title, authors: visitor.authors, abstract: visitor.abstract, primarySubject: null, subjects: [], yearMonth: null, sources: ['saved'], updatedAt: 1 });
    await db.readingList.put({ id: visitor.id, addedAt: 1, status: 'to-read', tags: [], note: '', updatedAt: 1 });
    service.invalidate();
    await settle(service);
    const after = (await db.meta.get('calibration'))?.value as { key: string };
    expect(after.key).not.toBe(withModel.key);
    expect(after.key.split(':')[0]).not.toBe(withModel.key.split(':')[0]);
  });

  it('a paper saved after the first answer is found at once, and gone once removed', async () => {
    const db = freshDb();
    const service = createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    expect((await service.search('second-order quantization', 'library')).results).toEqual([]);
    await db.papers.put({ id: visitor.id, version: 2, title: visitor.title, authors: visitor.authors, abstract: visitor.abstract, primarySubject: null, subjects: [], yearMonth: null, sources: ['saved'], updatedAt: 1 });
    await db.readingList.put({ id: visitor.id, addedAt: 1, status: 'to-read', tags: [], note: '', updatedAt: 1 });
    service.invalidate();
    expect((await service.search('second-order quantization', 'library')).results.map((r) => r.id)).toEqual([visitor.id]);
    await db.readingList.delete(visitor.id);
    service.invalidate();
    expect((await service.search('second-order quantization', 'library')).results).toEqual([]);
  });

  it('with the index the build ships, answers as it would have computed it, and saved papers join it', async () => {
    const shipped = JSON.parse(JSON.stringify(shipCorpus(CORPUS, CORPUS_VERSION)));
    const computed = await createRelatedService({ db: freshDb(), embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION }).getRelated(visitor);
    const db = freshDb();
    const fromShipped = createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION, shipped });
    expect((await fromShipped.getRelated(visitor)).results).toEqual(computed.results);
    // Shipped for another corpus version: not used.
    const stale = createRelatedService({ db: freshDb(), embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION, shipped: { ...shipped, corpusVersion: 'other' } });
    expect((await stale.getRelated(visitor)).results).toEqual(computed.results);
    await db.papers.put({ id: visitor.id, version: 2, title: visitor.title, authors: visitor.authors, abstract: visitor.abstract, primarySubject: null, subjects: [], yearMonth: null, sources: ['saved'], updatedAt: 1 });
    await db.readingList.put({ id: visitor.id, addedAt: 1, status: 'to-read', tags: [], note: '', updatedAt: 1 });
    fromShipped.invalidate();
    expect((await fromShipped.search('second-order quantization', 'library')).results.map((r) => r.id)).toEqual([visitor.id]);
  });
});

describe('the indexer hands ranking sign codes for large sets', () => {
  const vec = (seed: number, dims = 64) => Float32Array.from({ length: dims }, (_, k) => Math.sin(seed * 7.1 + k * 1.3));
  const indexer = createIndexer({ db: freshDb(), embedder: embedderOf(() => vec(0)), batchSize: 16, loadDocs: async () => Promise.reject(new Error('not used')) });

  it('none at or below the exact limit; past it, the signs of every present vector, remade when more arrive', () => {
    const query = vec(1);
    expect(indexer.semanticInput(query, [vec(2), null]).codes).toBeUndefined();
    const docs: (Float32Array | null)[] = Array.from({ length: EXACT_SEMANTIC_LIMIT + 1 }, (_, i) => (i % 3 === 0 ? null : vec(i)));
    const first = indexer.semanticInput(query, docs);
    expect(first.codes).toEqual(packSigns(docs, query.length));
    docs[0] = vec(0);
    const second = indexer.semanticInput(query, docs);
    expect(second.codes).toEqual(packSigns(docs, query.length));
    expect(second.codes).not.toEqual(first.codes);
  });
});
