/**
 * npm run eval's "For you" section: simulated readers on simulated daily listings.
 *
 * For each judged query (a topic) with enough judged papers, a reader saved its 3 or 5 most relevant
 * collection papers and dismissed 2 papers of another topic (one whose judged papers share none with
 * it). The listing mixes 30 entries: judged pages of several topics (their own judgments say which
 * collection papers they are about) and unrelated papers, in a seeded random page order. An entry's gain
 * for the reader is the sum of its judged grades over the reader's saved papers; it is relevant at 2 or
 * more. Orders compared: the page's, Triage alone (entries related to the reading list first, by the
 * product's relatedness), plain similarity (each entry's best keyword/embedding cosine to a saved
 * paper: the ablation) and the reader model ("For you").
 */
import { CORPUS } from '../../utils/background/corpus/corpus-data';
import { queryVector, sparseDot, type LexicalIndex } from '../../utils/background/ranking/lexical';
import { rankRelated, type Calibration } from '../../utils/background/ranking/rank';
import { forYouScores } from '../../utils/background/ranking/for-you-order';
import { paperText } from '../../utils/background/embedding/text';
import { ndcgAt } from '../lib/metrics';
import { seededRandom } from '../rng';

export interface Paper {
  arxiv_id: string;
  title: string;
  abstract: string;
  relevant?: Record<string, number>;
}

export interface ForYouSetup {
  name: string;
  calibration: Calibration;
  embed: ((text: string) => Float32Array) | null;
  docs: Float32Array[] | null;
}

interface Reader {
  topic: Paper;
  saved: string[];
  dismissed: string[];
  /** The topic whose papers were dismissed. */
  other: Paper;
}

const idOf = (i: string) => CORPUS[Number(i)].id;

function readers(judged: Paper[], savedCount: number): Reader[] {
  const out: Reader[] = [];
  for (const q of judged) {
    const rel = Object.entries(q.relevant ?? {}).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]));
    if (rel.length < savedCount) continue;
    const saved = rel.slice(0, savedCount).map(([i]) => idOf(i));
    const mine = new Set(Object.keys(q.relevant ?? {}));
    const other = judged.find((o) => o !== q && Object.keys(o.relevant ?? {}).length >= 2 && !Object.keys(o.relevant ?? {}).some((i) => mine.has(i)));
    if (!other) continue;
    const dismissed = Object.entries(other.relevant!)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([i]) => idOf(i));
    out.push({ topic: q, saved, dismissed, other });
  }
  return out;
}

/** A listing entry: a judged page, an unrelated paper, or a collection paper shown as if new. */
interface Entry extends Paper {
  /** Collection papers it is about (judged pages: their judgments; collection papers: themselves). */
  about: Set<string>;
}

/** The reader's topic: every collection paper judged relevant to the topic's query. */
const topicOf = (q: Paper) => new Set(Object.keys(q.relevant ?? {}).map(idOf));

/**
 * Gain of an entry for a reader of `topic`: a collection paper of the topic counts its grade, a judged page
 * counts 2 when two or more of the papers it is about are in the topic (1 for one), anything else 0.
 */
function gainFor(e: Entry, topic: Paper): number {
  const grades = new Map(Object.entries(topic.relevant ?? {}).map(([i, g]) => [idOf(i), g]));
  if (e.about.size === 1 && e.about.has(e.arxiv_id)) return grades.get(e.arxiv_id) ?? 0;
  const shared = [...e.about].filter((id) => grades.has(id)).length;
  return shared >= 2 ? 2 : shared;
}

function listingFor(reader: Reader, judged: Paper[], unrelated: Paper[], seed: number): Entry[] {
  const rnd = seededRandom(seed);
  const shuffle = <T>(xs: T[]) => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const asEntry = (p: Paper, about: Set<string>): Entry => ({ ...p, about });
  const collection = CORPUS.filter((c) => !reader.saved.includes(c.id) && !reader.dismissed.includes(c.id)).map((c) => asEntry({ arxiv_id: c.id, title: c.title, abstract: c.abstract }, new Set([c.id])));
  const pages = judged.map((q) => asEntry(q, topicOf(q)));
  const mineAll = [...collection, ...pages].filter((e) => gainFor(e, reader.topic) > 0);
  const theirsAll = [...collection, ...pages].filter((e) => gainFor(e, reader.other) > 0 && gainFor(e, reader.topic) === 0);
  const mine = shuffle(mineAll).slice(0, 8);
  const theirs = shuffle(theirsAll).slice(0, 6);
  const rest = shuffle([...collection, ...pages].filter((e) => !mineAll.includes(e) && !theirsAll.includes(e))).slice(0, 8);
  const filler = shuffle(unrelated.map((u) => asEntry(u, new Set()))).slice(0, 30 - mine.length - theirs.length - rest.length);
  return shuffle([...mine, ...theirs, ...rest, ...filler]);
}

export interface ForYouRow {
  setup: string;
  saved: number;
  readers: number;
  p5: Record<string, number>;
  ndcg10: Record<string, number>;
  /** Entries of the dismissed topic in For you's top 10, without and with the dismissals. */
  dismissedTopicTop10: { without: number; with: number };
}

const METHODS = ['page order', 'Triage alone', 'similarity to saved', 'For you'] as const;

export function evaluateForYou(index: LexicalIndex, setups: ForYouSetup[], judged: Paper[], unrelated: Paper[]): ForYouRow[] {
  const rows: ForYouRow[] = [];
  const position = (id: string) => index.position.get(id)!;
  for (const s of setups) {
    for (const savedCount of [3, 5]) {
      const rs = readers(judged, savedCount);
      const p5: Record<string, number> = { ...Object.fromEntries(METHODS.map((m) => [m, 0])), ideal: 0 };
      const nd: Record<string, number> = Object.fromEntries(METHODS.map((m) => [m, 0]));
      const dismissedTop = { without: 0, with: 0 };
      rs.forEach((r, k) => {
        // Listings hold none of the reader's own judged page (it is the topic itself, not a new paper).
        const listing = listingFor(r, judged.filter((e) => e !== r.topic), unrelated, 1000 * savedCount + k);
        const ideal = Math.min(5, listing.filter((e) => gainFor(e, r.topic) > 0).length) / 5;
        p5.ideal += ideal;
        const gains = new Map(listing.map((e) => [e.arxiv_id, gainFor(e, r.topic)]));
        const relevant = new Map([...gains].filter(([, g]) => g >= 1));
        const entryVec = listing.map((e) => queryVector(index, e));
        const entryDense = s.embed ? listing.map((e) => s.embed!(paperText(e))) : null;
        const notSaved = new Set(index.ids.filter((id) => !r.saved.includes(id)));
        const ranking = new Set(listing.map((e) => e.arxiv_id));
        const semanticOf = (i: number) => (entryDense && s.docs ? { query: entryDense[i], docs: s.docs } : undefined);
        const triage = listing.map((e, i) => rankRelated({ index, query: e, exclude: new Set([e.arxiv_id, ...notSaved]), calibration: s.calibration, semantic: semanticOf(i), options: { limit: 1 } })[0]?.evidence ?? -Infinity);
        const rel = s.calibration.semantic?.reliability ?? 0;
        // The ablation: nearest saved paper only (keywords, plus the model's cosine as far as it is reliable).
        const sim = listing.map((_, i) =>
          Math.max(
            ...r.saved.map((id) => {
              const kw = sparseDot(entryVec[i], index.vectors[position(id)]);
              const emb = entryDense && s.docs ? dot(entryDense[i], s.docs[position(id)]) : 0;
              return kw + rel * emb;
            }),
          ),
        );
        const forYou = (dismissed: string[]) =>
          forYouScores(
            { index, saved: r.saved, dismissed, docVectors: s.docs, reliability: s.calibration.semantic?.reliability ?? 0, ranking },
            listing.map((_, i) => ({ sparse: entryVec[i], dense: entryDense?.[i] ?? null })),
          ).order;
        const byScore = (scores: number[]) => listing.map((e, i) => ({ id: e.arxiv_id, s: scores[i], i })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.id);
        const orders: Record<(typeof METHODS)[number], string[]> = {
          'page order': listing.map((e) => e.arxiv_id),
          'Triage alone': byScore(triage),
          'similarity to saved': byScore(sim),
          'For you': byScore(forYou(r.dismissed)),
        };
        for (const m of METHODS) {
          p5[m] += orders[m].slice(0, 5).filter((id) => relevant.has(id)).length / 5;
          nd[m] += ndcgAt(10, orders[m], gains);
        }
        const theirs = new Set(listing.filter((e) => gainFor(e, r.other) > 0 && gainFor(e, r.topic) === 0).map((e) => e.arxiv_id));
        dismissedTop.with += orders['For you'].slice(0, 10).filter((id) => theirs.has(id)).length;
        dismissedTop.without += byScore(forYou([])).slice(0, 10).filter((id) => theirs.has(id)).length;
      });
      p5.ideal /= rs.length || 1;
      for (const m of METHODS) {
        p5[m] /= rs.length || 1;
        nd[m] /= rs.length || 1;
      }
      rows.push({ setup: s.name, saved: savedCount, readers: rs.length, p5, ndcg10: nd, dismissedTopicTop10: dismissedTop });
    }
  }
  return rows;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function printForYou(rows: ForYouRow[]): void {
  console.log('\n## For you on simulated listings (30 entries: papers of the reader\'s topic, of the dismissed topic, of others, unrelated)\n');
  console.log(`| setup | saved | readers | best possible p@5 | ${METHODS.map((m) => `${m} p@5 / nDCG@10`).join(' | ')} | dismissed topic in top 10 (without → with dismissals) |`);
  console.log(`|---|---|---|---|${METHODS.map(() => '---').join('|')}|---|`);
  for (const r of rows) {
    console.log(`| ${r.setup} | ${r.saved} | ${r.readers} | ${r.p5.ideal.toFixed(3)} | ${METHODS.map((m) => `${r.p5[m].toFixed(3)} / ${r.ndcg10[m].toFixed(3)}`).join(' | ')} | ${r.dismissedTopicTop10.without} → ${r.dismissedTopicTop10.with} |`);
  }
}
