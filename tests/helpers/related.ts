import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import type { RelatedResponse } from '@/utils/shared/related-types';

/** A paper that is not in the corpus, as its abstract page would give it. */
export const visitor: PaperMeta = {
  id: '2210.17323',
  version: 2,
  title: 'GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers',
  authors: ['Elias Frantar'],
  abstract: 'We propose GPTQ, a one-shot weight quantization method for large language models based on approximate second-order information, reducing bitwidth to 3 or 4 bits.',
  primarySubject: 'cs.LG',
  subjects: ['cs.LG'],
  submitted: ['2022-10-31'],
};

/** Asks again, as the panel does, until nothing is pending; fails if the answer would stay pending. */
export async function settle(service: { getRelated(p: PaperMeta): Promise<RelatedResponse> }, paper: PaperMeta = visitor): Promise<RelatedResponse> {
  for (let i = 0; i < 100; i++) {
    const r = await service.getRelated(paper);
    if (!r.pending) return r;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error('still pending: the panel would wait forever');
}
