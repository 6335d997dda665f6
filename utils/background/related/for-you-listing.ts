/**
 * For you on a listing: the reader model ranks the listed entries (utils/background/ranking/for-you-order.ts), the
 * product's relatedness to the reading list says how related the marked ones are (the words every other
 * surface uses), and the best of each day's listings are kept for the popup's "For you today".
 */
import type { NeighborsDb } from '../db/schema';
import { allDismissals } from '../db/dismissals';
import { queryVector, termText, type LexicalIndex } from '../ranking/lexical';
import { rankRelated, type Calibration } from '../ranking/rank';
import { loadReaderModel, MIN_SAVED, storeReaderModel, topTerms, type ReaderModel } from '../ranking/for-you';
import { forYouScores, trainForReader } from '../ranking/for-you-order';
import type { ForYouItem, ForYouResponse, ForYouTodayItem, ListedInput, Signal } from '../../shared/related-types';

/** Entries marked per listing at most: a handful to read first, not a second listing. */
export const MAX_MARKED = 10;
/** Marked also without a related saved paper when the model is this sure. */
const SURE = 0.5;
export const TODAY_KEY = 'forYouToday';
const TODAY_MAX = 50;

export interface ForYouContext {
  db: NeighborsDb;
  index: LexicalIndex;
  titleOf(id: string): string;
  saved: Set<string>;
  calibration: Calibration;
  /** The collection's vectors (by index position) when the on-device model has read them all. */
  docVectors: (Float32Array | null)[] | null;
  /** The entries' vectors, when the collection's are there. */
  listed: (Float32Array | null)[] | null;
  /** Identifies the collection and the dismissals: a stored model under another one is stale. */
  fingerprint: string;
  now?: () => number;
}

export const READER_MODEL_KEY = 'readerModel';

/** Today's date as the reader's browser has it ("2026-12-01"). */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function forYouListing(ctx: ForYouContext, entries: readonly ListedInput[], signals: Signal[], pending: boolean): Promise<ForYouResponse> {
  const saved = [...ctx.saved].filter((id) => ctx.index.position.has(id));
  if (saved.length < MIN_SAVED) return { state: 'few', saved: ctx.saved.size };
  const rows = await allDismissals(ctx.db);
  const dismissed = [...new Set(rows.map((d) => d.paperId))].filter((id) => !ctx.saved.has(id));
  // "Not for me" entries of listings are not in the collection: their text is kept in the papers table.
  const outsideIds = dismissed.filter((id) => !ctx.index.position.has(id));
  const outside = (await ctx.db.papers.bulkGet(outsideIds)).flatMap((p) => (p ? [{ sparse: queryVector(ctx.index, { title: p.title, abstract: p.abstract }), dense: null }] : []));
  const reliability = ctx.docVectors ? (ctx.calibration.semantic?.reliability ?? 0) : 0;
  const input = { index: ctx.index, saved, dismissed: dismissed.filter((id) => ctx.index.position.has(id)), docVectors: ctx.docVectors, reliability, dismissedFeatures: outside };
  const fingerprint = `${ctx.fingerprint}:${dismissed.join(',')}:${reliability.toFixed(3)}`;
  // The model is kept in the database with what it was trained on, and used again while that holds;
  // training costs milliseconds, so a stale one is simply replaced.
  const stored = loadReaderModel((await ctx.db.meta.get(READER_MODEL_KEY).catch(() => undefined))?.value);
  let model: ReaderModel;
  if (stored?.fingerprint === fingerprint) model = stored;
  else {
    model = trainForReader(input);
    void ctx.db.meta.put({ key: READER_MODEL_KEY, value: storeReaderModel(model, fingerprint, (ctx.now ?? Date.now)()) }).catch(() => undefined);
  }
  const features = entries.map((e, i) => ({ sparse: queryVector(ctx.index, { title: e.title, abstract: e.abstract ?? '' }), dense: ctx.listed?.[i] ?? null }));
  const { order, probability } = forYouScores(input, features, model);
  const notSaved = new Set(ctx.index.ids.filter((id) => !ctx.saved.has(id)));
  const ranked = order.map((score, i) => ({ i, score })).sort((a, b) => b.score - a.score || a.i - b.i);
  const items: ForYouItem[] = entries.map((e) => ({ id: e.id, score: 0, top: false, relatedness: null, why: null }));
  let marked = 0;
  for (const { i, score } of ranked) {
    const e = entries[i];
    const item = items[i];
    item.score = score;
    if (marked >= MAX_MARKED) continue;
    // The product's relatedness to the reading list: the saved papers this entry is related to.
    const like = rankRelated({ index: ctx.index, query: { title: e.title, abstract: e.abstract ?? '' }, exclude: new Set([e.id, ...notSaved]), calibration: ctx.calibration, options: { limit: 3 } });
    if (like.length === 0 && probability[i] < SURE) continue;
    item.top = true;
    marked++;
    item.relatedness = like[0]?.relatedness ?? null;
    if (like.length > 0) {
      const titles = like.map((l) => ctx.titleOf(l.id));
      item.why = `Like ${like.length === 1 ? 'one' : like.length} of your saved papers: ${titles.join('; ')}`;
    } else {
      const words = topTerms(model, features[i].sparse, 3).map((t) => termText(ctx.index, t));
      item.why = words.length ? `Uses words of your saved papers: ${words.join(', ')}` : null;
    }
  }
  await remember(ctx, entries, items).catch(() => undefined);
  return { state: 'ok', items, signals, pending };
}

/** Keeps the day's best marked entries (for the popup), across every listing opened today. */
async function remember(ctx: ForYouContext, entries: readonly ListedInput[], items: ForYouItem[]) {
  const day = dayOf((ctx.now ?? Date.now)());
  const row = (await ctx.db.meta.get(TODAY_KEY))?.value as { day?: string; items?: ForYouTodayItem[] } | undefined;
  const kept = row?.day === day && Array.isArray(row.items) ? row.items : [];
  const fresh: ForYouTodayItem[] = items.flatMap((it, i) => (it.top ? [{ id: it.id, title: entries[i].title, why: it.why, relatedness: it.relatedness, score: it.score }] : []));
  const byId = new Map(kept.map((k) => [k.id, k]));
  for (const f of fresh) byId.set(f.id, f);
  const all = [...byId.values()].sort((a, b) => b.score - a.score).slice(0, TODAY_MAX);
  await ctx.db.meta.put({ key: TODAY_KEY, value: { day, items: all } });
}

/** The day's best entries, saved ones left out (the reader has them already). */
export async function forYouToday(db: NeighborsDb, saved: Set<string>, now = Date.now()): Promise<ForYouTodayItem[]> {
  const row = (await db.meta.get(TODAY_KEY))?.value as { day?: string; items?: ForYouTodayItem[] } | undefined;
  if (row?.day !== dayOf(now) || !Array.isArray(row.items)) return [];
  return row.items.filter((i) => !saved.has(i.id)).slice(0, 5);
}
