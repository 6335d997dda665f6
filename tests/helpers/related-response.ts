import type { RelatedResponse } from '@/utils/shared/related-types';

/** A settled answer of the background (model ready, all 70 papers read); `over` sets what a test needs. */
export function relatedResponse(over: Partial<RelatedResponse> & Pick<RelatedResponse, 'results' | 'signals'>): RelatedResponse {
  return { model: { phase: 'ready' }, indexing: { done: 70, total: 70 }, pending: false, selfSaved: false, hidden: 0, collection: { bundled: 70, saved: 0 }, notice: null, ...over };
}
