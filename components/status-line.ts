import type { RelatedResponse } from '@/utils/shared/related-types';

/**
 * The panel's state in plain words, from the background's answer: the first list comes from shared words
 * at once; the on-device model then refines it (while it downloads and reads the papers), and says so.
 */
export function statusLine(r: RelatedResponse): { text: string; kind: 'busy' | 'ok' | 'warn' } {
  if (r.signals.includes('semantic') && r.indexing.done < r.indexing.total) {
    // A first list from the paper's likely neighbours; the rest of the collection is still being read.
    return { text: `Refining with the on-device model… its closest papers are done, ${r.indexing.done} of ${r.indexing.total} read.`, kind: 'busy' };
  }
  if (r.signals.includes('semantic')) return { text: 'Ranked on your device by topic and shared words.', kind: 'ok' };
  if (r.model.phase === 'error' || r.notice) return { text: 'Ranked by shared words only.', kind: 'warn' };
  if (r.model.phase === 'downloading' && r.model.total > 0) {
    const mb = (b: number) => (b / 1e6).toFixed(1);
    return { text: `Refining with the on-device model… downloading it (${mb(r.model.loaded)} of ${mb(r.model.total)} MB, once).`, kind: 'busy' };
  }
  if (r.indexing.done < r.indexing.total && r.model.phase === 'ready') {
    return { text: `Refining with the on-device model… ${r.indexing.done} of ${r.indexing.total} papers read.`, kind: 'busy' };
  }
  if (r.pending) return { text: 'Refining with the on-device model…', kind: 'busy' };
  return { text: 'Ranked by shared words.', kind: 'ok' };
}

/** Where the list comes from, e.g. "From 70 machine-learning papers that come with the extension and your 3 saved papers." */
export function collectionText(r: Pick<RelatedResponse, 'collection'>): string {
  const { bundled, saved } = r.collection;
  const own = saved === 0 ? '' : ` and your ${saved} saved paper${saved === 1 ? '' : 's'}`;
  return `From ${bundled} machine-learning papers that come with the extension${own}.`;
}
