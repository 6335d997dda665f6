import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { buildLexicalIndex, queryVector } from '@/utils/background/ranking/lexical';
import { loadReaderModel, MIN_SAVED, scoreReader, storeReaderModel, trainReaderModel } from '@/utils/background/ranking/for-you';
import { canLearn, forYouScores, readerExamples } from '@/utils/background/ranking/for-you-order';
import { randomEmbedder } from '../../scripts/eval/embedders';
import { paperText } from '@/utils/background/embedding/text';

const index = buildLexicalIndex(CORPUS);
const byTitle = (re: RegExp) => CORPUS.filter((p) => re.test(`${p.title} ${p.abstract}`)).map((p) => p.id);
// Two interests of the collection: quantization of language models, and diffusion image generation.
const quant = byTitle(/quantiz/i);
const diffusion = byTitle(/diffusion/i).filter((id) => !quant.includes(id));
const entry = (title: string, abstract: string) => ({ sparse: queryVector(index, { title, abstract }), dense: null });
const quantEntry = entry('Low-bit weight quantization of large language models', 'We quantize the weights of large language models to 3 and 4 bits after training, with outlier-aware scales and no retraining.');
const diffusionEntry = entry('Faster diffusion models for image synthesis', 'We train denoising diffusion models that generate high-resolution images in fewer sampling steps.');
const astroEntry = entry('Dark matter halos in cosmological simulations', 'We measure halo concentrations of galaxy clusters in N-body cosmological simulations.');

describe('For you: the reader model', () => {
  it('has enough of both interests in the collection to test with', () => {
    expect(quant.length).toBeGreaterThanOrEqual(4);
    expect(diffusion.length).toBeGreaterThanOrEqual(3);
  });

  it('says it cannot learn from fewer than three saved papers', () => {
    expect(MIN_SAVED).toBe(3);
    expect(canLearn(readerExamples(index, { saved: quant.slice(0, 2), dismissed: [] }))).toBe(false);
    expect(canLearn(readerExamples(index, { saved: quant.slice(0, 3), dismissed: [] }))).toBe(true);
  });

  it('learns what the reader saves: their topic first, others after', () => {
    const model = trainReaderModel(readerExamples(index, { saved: quant.slice(0, 4), dismissed: [] }));
    const q = scoreReader(model, quantEntry);
    expect(q).toBeGreaterThan(scoreReader(model, diffusionEntry));
    expect(q).toBeGreaterThan(scoreReader(model, astroEntry));
  });

  it('a dismissed topic goes below an unknown one', () => {
    const saved = quant.slice(0, 4);
    const input = { index, saved, docVectors: null, reliability: 0 };
    const entries = [diffusionEntry, astroEntry];
    const without = forYouScores({ ...input, dismissed: [] }, entries).order;
    const withDismissals = forYouScores({ ...input, dismissed: diffusion.slice(0, 2) }, entries).order;
    // Dismissing two diffusion papers pushes the diffusion entry down relative to the unrelated one.
    expect(withDismissals[0] - withDismissals[1]).toBeLessThan(without[0] - without[1]);
    expect(withDismissals[0]).toBeLessThan(withDismissals[1]);
  });

  it('a model no better than chance (random vectors, reliability 0) orders exactly as the keywords alone', () => {
    const embed = randomEmbedder(32);
    const docVectors = CORPUS.map((p) => embed(paperText(p)));
    const withDense = [quantEntry, diffusionEntry, astroEntry].map((e, i) => ({ ...e, dense: embed(`entry ${i}`) }));
    const saved = quant.slice(0, 4);
    const keywords = forYouScores({ index, saved, dismissed: [], docVectors: null, reliability: 0 }, withDense).order;
    const random = forYouScores({ index, saved, dismissed: [], docVectors, reliability: 0 }, withDense).order;
    random.forEach((v, i) => expect(v).toBeCloseTo(keywords[i], 9));
  });

  it('is stored and read back the same, and refuses a damaged row', () => {
    const model = trainReaderModel(readerExamples(index, { saved: quant.slice(0, 3), dismissed: [] }));
    const stored = JSON.parse(JSON.stringify(storeReaderModel(model, 'fp-1', 42)));
    const back = loadReaderModel(stored)!;
    expect(back.fingerprint).toBe('fp-1');
    expect(scoreReader(back, quantEntry)).toBeCloseTo(scoreReader(model, quantEntry), 12);
    expect(loadReaderModel({ ...stored, weights: stored.weights.slice(1) })).toBeNull();
    expect(loadReaderModel({ ...stored, bias: 'x' })).toBeNull();
    expect(loadReaderModel(null)).toBeNull();
  });
});

describe('For you in the background service', () => {
  const entries = [
    { id: '2401.00001', title: 'Dark matter halos in cosmological simulations', abstract: 'We measure halo concentrations of galaxy clusters in N-body cosmological simulations.' },
    { id: '2401.00002', title: 'Low-bit weight quantization of large language models', abstract: 'We quantize the weights of large language models to 3 and 4 bits after training, with outlier-aware scales and no retraining.' },
  ];

  async function serviceWith(saved: string[]) {
    const { createDb } = await import('@/utils/background/db/schema');
    const { createRelatedService } = await import('@/utils/background/related/service');
    const { CORPUS_VERSION } = await import('@/utils/background/corpus/corpus-data');
    const { createFakeEmbedder } = await import('../helpers/fake-embedder');
    const db = createDb(`for-you-${Math.random()}`);
    await db.readingList.bulkPut(saved.map((id, i) => ({ id, addedAt: i, status: 'to-read' as const, tags: [], note: '', updatedAt: i })));
    return { db, service: createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION }) };
  }

  it('says "too few" under three saved papers', async () => {
    const { service } = await serviceWith(quant.slice(0, 2));
    expect(await service.forYou(entries, false)).toEqual({ state: 'few', saved: 2 });
  });

  it('ranks the reader’s topic first, says why, and keeps the day’s best for the popup', async () => {
    const { service, db } = await serviceWith(quant.slice(0, 4));
    const r = await service.forYou(entries, false);
    if (r.state !== 'ok') throw new Error('expected a ranking');
    const [astro, q] = r.items;
    expect(q.score).toBeGreaterThan(astro.score);
    expect(q.top).toBe(true);
    expect(q.why).toMatch(/^(Like (one|\d) of your saved papers: |Uses words of your saved papers: )/);
    expect(astro.top).toBe(false);
    const today = await service.forYouToday();
    expect(today.map((t) => t.id)).toEqual(['2401.00002']);
    // The model is stored with what it was trained on.
    expect(((await db.meta.get('readerModel'))?.value as { positives: number }).positives).toBe(4);
  });
});
