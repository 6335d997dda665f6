import type { RelatedResponse } from '@/utils/related/types';

/** The one-line state shown in the panel header, from the background's answer. */
export function statusLine(r: RelatedResponse): { text: string; kind: 'busy' | 'ok' | 'warn' } {
  if (r.signals.includes('semantic')) return { text: 'Semantic + keyword ranking', kind: 'ok' };
  if (r.model.phase === 'error' || r.notice) return { text: 'Keyword-only results', kind: 'warn' };
  if (r.model.phase === 'downloading' && r.model.total > 0) {
    const pct = Math.floor((r.model.loaded / r.model.total) * 100);
    const mb = (b: number) => (b / 1e6).toFixed(1);
    return { text: `Keyword results · downloading model ${mb(r.model.loaded)} of ${mb(r.model.total)} MB (${pct}%)`, kind: 'busy' };
  }
  if (r.indexing.done < r.indexing.total && r.model.phase === 'ready') {
    return { text: `Keyword results · indexing ${r.indexing.done}/${r.indexing.total}`, kind: 'busy' };
  }
  if (r.pending) return { text: 'Keyword results · loading model…', kind: 'busy' };
  return { text: 'Keyword-only results', kind: 'warn' };
}
