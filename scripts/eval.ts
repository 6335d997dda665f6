/**
 * Relevance and noise of the product's ranking: npm run eval [-- options]
 *
 *   --judged a.json,b.json   judged query sets (default: tests/fixtures/dev-queries.json and judged-extra.json)
 *   --unrelated u.json       papers related to no corpus paper (default: tests/fixtures/unrelated-papers.json)
 *   --model-dir DIR          also fuse with a local model folder laid out like the hub (…/Xenova/all-MiniLM-L6-v2)
 *   --model ID               that model's id (default Xenova/all-MiniLM-L6-v2)
 *
 * For keyword-only ranking and for three embedders of known quality — random vectors, a topic-aware
 * fake built from the judgments, the generated test model — it prints nDCG@5/10, Recall@10 and MRR on
 * the judged sets, judged queries shown empty and neighbours hidden by the gate, how often unrelated
 * papers get a related row or a listing badge, the badges on the listing fixtures; then the fusion
 * methods side by side and the gate's noise-versus-hidden curve.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JSDOM } from 'jsdom';
import { CORPUS } from '../utils/background/corpus/corpus-data';
import { buildLexicalIndex } from '../utils/background/ranking/lexical';
import { calibrate, rankRelated, DEFAULT_RANK_OPTIONS, type Calibration, type Fusion, type RankOptions } from '../utils/background/ranking/rank';
import { ndcgAt, recallAt, reciprocalRank } from './lib/metrics';
import { paperText } from '../utils/background/embedding/text';
import { readListing } from '../utils/shared/arxiv/listing';
import { randomEmbedder, topicEmbedder, type EmbedFn } from './eval/embedders';
import { tfidfReference } from './eval/tfidf-reference';
import { evaluateForYou, printForYou } from './eval/for-you';

interface Judged {
  id: string;
  arxiv_id: string;
  title: string;
  abstract: string;
  relevant: Record<string, number>;
}
interface Unrelated {
  id: string;
  arxiv_id: string;
  title: string;
  abstract: string;
  group: 'other-field' | 'ml-uncovered';
}

const here = import.meta.dirname;
const fixture = (p: string) => resolve(here, '../tests/fixtures', p);

function fail(message: string): never {
  console.error(`npm run eval: ${message}`);
  process.exit(1);
}

function readJson<T>(path: string, what: string): T {
  if (!existsSync(path)) fail(`${what} not found at ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    fail(`${what} at ${path} is not valid JSON`);
  }
}

const { values } = parseArgs({
  options: { judged: { type: 'string' }, unrelated: { type: 'string' }, 'model-dir': { type: 'string' }, model: { type: 'string' } },
});
const judgedPaths = values.judged ? values.judged.split(',').map((p) => resolve(p)) : [fixture('dev-queries.json'), fixture('judged-extra.json')].filter(existsSync);
const judgedSets = judgedPaths.map((p) => ({ name: p.split('/').pop()!.replace(/\.json$/, ''), queries: readJson<Judged[]>(p, 'judged set') }));
const unrelatedAll = readJson<Unrelated[]>(values.unrelated ? resolve(values.unrelated) : fixture('unrelated-papers.json'), 'unrelated-paper set');
const unrelated = unrelatedAll.map((u) => ({ ...u, abstract: u.abstract ?? '' }));
const allJudged = judgedSets.flatMap((s) => s.queries);

const LISTINGS = [
  { name: 'astro-ph.CO listing', file: 'arxiv/list_astro-ph.CO_new_render-2025-05-layout.html', url: 'https://arxiv.org/list/astro-ph.CO/new' },
  { name: 'cs listing (2018)', file: 'arxiv/list_cs_new_2018-07_legacy-layout.html', url: 'https://arxiv.org/list/cs/new' },
].map((l) => ({ ...l, entries: readListing(new JSDOM(readFileSync(fixture(l.file), 'utf8'), { url: l.url }).window.document) }));

const index = buildLexicalIndex(CORPUS);
const corpusTexts = CORPUS.map(paperText);

/** A ranking setup: keyword only, or fused with one embedder's vectors. */
interface Setup {
  name: string;
  calibration: Calibration;
  embed: ((text: string) => Float32Array) | null;
  docs: Float32Array[] | null;
}

function setup(name: string, embed: EmbedFn | null, docVectors?: Float32Array[]): Setup {
  const docs = embed ? (docVectors ?? corpusTexts.map(embed)) : null;
  return { name, calibration: calibrate(index, CORPUS, docs), embed, docs };
}

function rank(s: Setup, q: { arxiv_id: string; title: string; abstract: string }, options: Partial<RankOptions> = {}) {
  const semantic = s.embed && s.docs ? { query: s.embed(paperText(q)), docs: s.docs } : undefined;
  return rankRelated({ index, query: q, exclude: new Set([q.arxiv_id]), calibration: s.calibration, semantic, options });
}

interface Scores {
  ndcg5: number;
  ndcg10: number;
  recall10: number;
  mrr: number;
  /** Judged queries (with relevant papers) shown as empty. */
  empty: number;
  /** Grade-2 papers the ungated ranking has in its top 10 but the gate hides. */
  hidden: number;
  /** Grade-2 papers in the ungated top 10. */
  strong: number;
  offTopicShown: number;
  offTopic: number;
}

function judge(s: Setup, queries: Judged[], options: Partial<RankOptions> = {}): Scores {
  const out: Scores = { ndcg5: 0, ndcg10: 0, recall10: 0, mrr: 0, empty: 0, hidden: 0, strong: 0, offTopicShown: 0, offTopic: 0 };
  let n = 0;
  for (const q of queries) {
    const ranked = rank(s, q, options).map((r) => r.id);
    const grades = new Map(Object.entries(q.relevant).map(([i, g]) => [CORPUS[Number(i)].id, g]));
    if (grades.size === 0) {
      out.offTopic++;
      if (ranked.length) out.offTopicShown++;
      continue;
    }
    n++;
    out.ndcg5 += ndcgAt(5, ranked, grades);
    out.ndcg10 += ndcgAt(10, ranked, grades);
    out.recall10 += recallAt(10, ranked, grades);
    out.mrr += reciprocalRank(ranked, grades);
    if (ranked.length === 0) out.empty++;
    const shown = new Set(ranked);
    for (const r of rank(s, q, { ...options, ungated: true })) {
      if ((grades.get(r.id) ?? 0) < 2) continue;
      out.strong++;
      if (!shown.has(r.id)) out.hidden++;
    }
  }
  for (const k of ['ndcg5', 'ndcg10', 'recall10', 'mrr'] as const) out[k] /= n || 1;
  return out;
}

/** Share of unrelated papers that get at least one row (the panel) — the same rule makes a badge. */
function noise(s: Setup, group: Unrelated['group'], options: Partial<RankOptions> = {}, titleOnly = false): { shown: number; of: number } {
  const papers = unrelated.filter((u) => u.group === group);
  const shown = papers.filter((u) => rank(s, titleOnly ? { ...u, abstract: '' } : u, { ...options, limit: 1 }).length > 0).length;
  return { shown, of: papers.length };
}

function badges(s: Setup, entries: (typeof LISTINGS)[number]['entries'], options: Partial<RankOptions> = {}): { badged: number; of: number } {
  const badged = entries.filter((e) => rank(s, { arxiv_id: e.id, title: e.title, abstract: e.abstract ?? '' }, { ...options, limit: 1 }).length > 0).length;
  return { badged, of: entries.length };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (a: { shown: number; of: number }) => `${((100 * a.shown) / (a.of || 1)).toFixed(0)} % (${a.shown}/${a.of})`;

// Embedders of known quality. The topic-aware fake knows the judgments of every judged set.
const judgedTexts = allJudged.map((q) => ({ text: paperText(q), relevant: q.relevant }));
const setups: Setup[] = [
  setup('keyword only', null),
  setup('random vectors', randomEmbedder()),
  setup('topic-aware fake', topicEmbedder(corpusTexts, judgedTexts, { noise: 1.5 })),
];

async function modelSetup(name: string, dir: string, modelId: string): Promise<Setup> {
  const { createNodeEmbedder } = await import('./lib/node-embedder');
  // Either the folder that holds "<owner>/<name>/" (as the hub lays it out) or that model folder itself (as model:bundle takes it).
  const modelDir = existsSync(resolve(dir, 'tokenizer.json')) && resolve(dir).endsWith(modelId) ? resolve(dir).slice(0, -modelId.length) : dir;
  if (!existsSync(resolve(modelDir, modelId, 'tokenizer.json'))) {
    fail(`no model ${modelId} in ${dir}: expected ${resolve(modelDir, modelId)}/tokenizer.json (give the model folder or the folder that holds "${modelId.split('/')[0]}/"; --model names another model)`);
  }
  const embedder = await createNodeEmbedder({ modelDir, modelId });
  const texts = [...new Set([...corpusTexts, ...allJudged.flatMap((q) => [paperText(q), paperText({ title: q.title, abstract: '' })]), ...unrelated.flatMap((u) => [paperText(u), paperText({ title: u.title, abstract: '' })]), ...LISTINGS.flatMap((l) => l.entries.map((e) => paperText({ title: e.title, abstract: e.abstract ?? '' })))])];
  const vecs = await embedder.embed(texts);
  await embedder.dispose();
  const byText = new Map(texts.map((t, i) => [t, vecs[i]]));
  const embed = (t: string) => byText.get(t) ?? fail(`text not embedded: ${t.slice(0, 40)}`);
  return setup(name, embed, corpusTexts.map(embed));
}

const { makeTestModels } = await import('./make-test-models');
setups.push(await modelSetup('generated test model', makeTestModels(), 'Xenova/all-MiniLM-L6-v2'));
if (values['model-dir']) {
  const id = values.model ?? 'Xenova/all-MiniLM-L6-v2';
  setups.push(await modelSetup(`${id} from ${values['model-dir']}`, resolve(values['model-dir']), id));
}

console.log(`\nCorpus ${CORPUS.length} papers · judged: ${judgedSets.map((j) => `${j.name} (${j.queries.length})`).join(', ')} · unrelated: ${unrelated.length} (${unrelated.filter((u) => u.group === 'other-field').length} other fields, ${unrelated.filter((u) => u.group === 'ml-uncovered').length} ML topics the corpus lacks)`);
console.log(`Gate: related from ${DEFAULT_RANK_OPTIONS.threshold} background spreads · fusion: ${DEFAULT_RANK_OPTIONS.fusion}\n`);

// TF-IDF reference (arxiv-sanity-lite's method) on the same queries, ungated.
const reference = tfidfReference(CORPUS);
for (const set of judgedSets) {
  const sums = { ndcg5: 0, ndcg10: 0, recall10: 0, mrr: 0 };
  const judgedQueries = set.queries.filter((q) => Object.keys(q.relevant).length > 0);
  for (const q of judgedQueries) {
    const ranked = reference(q, q.arxiv_id);
    const grades = new Map(Object.entries(q.relevant).map(([i, g]) => [CORPUS[Number(i)].id, g]));
    sums.ndcg5 += ndcgAt(5, ranked, grades);
    sums.ndcg10 += ndcgAt(10, ranked, grades);
    sums.recall10 += recallAt(10, ranked, grades);
    sums.mrr += reciprocalRank(ranked, grades);
  }
  const m = judgedQueries.length || 1;
  console.log(`TF-IDF reference on ${set.name}: nDCG@5 ${f3(sums.ndcg5 / m)} · nDCG@10 ${f3(sums.ndcg10 / m)} · R@10 ${f3(sums.recall10 / m)} · MRR ${f3(sums.mrr / m)}`);
}

console.log('Model reliability measured on the corpus (0: no better than chance): ' + setups.filter((x) => x.embed).map((x) => `${x.name} ${(x.calibration.semantic?.reliability ?? 0).toFixed(2)}`).join(' · '));
console.log('\n| embedder | judged set | nDCG@5 | nDCG@10 | R@10 | MRR | judged shown empty | grade-2 hidden by gate | off-topic judged shown |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of setups) {
  for (const set of judgedSets) {
    const r = judge(s, set.queries);
    console.log(`| ${s.name} | ${set.name} | ${f3(r.ndcg5)} | ${f3(r.ndcg10)} | ${f3(r.recall10)} | ${f3(r.mrr)} | ${r.empty} | ${r.hidden}/${r.strong} | ${r.offTopicShown}/${r.offTopic} |`);
  }
}

console.log('\n| embedder | other fields: a row or badge | ML topics the corpus lacks | unrelated, title only (listing badge) | judged papers, title only: badged | ' + LISTINGS.map((l) => `${l.name}: badges`).join(' | ') + ' |');
console.log('|---|---|---|---|---|' + LISTINGS.map(() => '---|').join(''));
for (const s of setups) {
  const other = noise(s, 'other-field');
  const ml = noise(s, 'ml-uncovered');
  const titleOnly = { shown: noise(s, 'other-field', {}, true).shown + noise(s, 'ml-uncovered', {}, true).shown, of: unrelated.length };
  const cells = LISTINGS.map((l) => {
    const b = badges(s, l.entries);
    return `${b.badged}/${b.of}`;
  });
  const onTopic = allJudged.filter((q) => Object.keys(q.relevant).length > 0);
  const judgedTitles = { shown: onTopic.filter((q) => rank(s, { ...q, abstract: '' }, { limit: 1 }).length > 0).length, of: onTopic.length };
  console.log(`| ${s.name} | ${pct(other)} | ${pct(ml)} | ${pct(titleOnly)} | ${pct(judgedTitles)} | ${cells.join(' | ')} |`);
}

console.log('\nCorpus papers whose own page shows no related paper: ' + setups.map((s) => `${s.name} ${CORPUS.filter((p) => rank(s, { arxiv_id: p.id, title: p.title, abstract: p.abstract }).length === 0).length}/${CORPUS.length}`).join(' · '));
console.log('\nFusion methods (all judged queries; noise on the unrelated set):\n');
console.log('| embedder | fusion | nDCG@5 | nDCG@10 | MRR | other fields | ML topics lacking |');
console.log('|---|---|---|---|---|---|---|');
for (const s of setups.filter((x) => x.embed)) {
  for (const fusion of ['mix', 'rrf', 'max'] as Fusion[]) {
    const r = judge(s, allJudged, { fusion });
    console.log(`| ${s.name} | ${fusion} | ${f3(r.ndcg5)} | ${f3(r.ndcg10)} | ${f3(r.mrr)} | ${pct(noise(s, 'other-field', { fusion }))} | ${pct(noise(s, 'ml-uncovered', { fusion }))} |`);
  }
}

console.log('\nThe gate: noise against hidden neighbours over its threshold (all judged queries):\n');
console.log('| embedder | threshold / row floor | other fields | ML topics lacking | judged shown empty | grade-2 hidden | nDCG@5 |');
console.log('|---|---|---|---|---|---|---|');
for (const s of setups.filter((x) => x.name === 'keyword only' || x.name === 'topic-aware fake')) {
  for (const threshold of (process.env.TS ?? "1.5,1.75,2,2.25,2.5,3").split(",").map(Number)) {
    for (const rowFloor of [0.5, 1]) {
      const r = judge(s, allJudged, { threshold, rowFloor });
      const mark = threshold === DEFAULT_RANK_OPTIONS.threshold && rowFloor === DEFAULT_RANK_OPTIONS.rowFloor ? ' (shipped)' : '';
      console.log(`| ${s.name} | ${threshold} / ${rowFloor}${mark} | ${pct(noise(s, 'other-field', { threshold }))} | ${pct(noise(s, 'ml-uncovered', { threshold }))} | ${r.empty} | ${r.hidden}/${r.strong} | ${f3(r.ndcg5)} |`);
    }
  }
}

console.log('\nThe topic-aware fake from informative to random (all judged queries, nDCG@5; keyword only: ' + f3(judge(setups[0], allJudged).ndcg5) + '):\n');
console.log('| fake noise | reliability | fused nDCG@5 | ML topics lacking |');
console.log('|---|---|---|---|');
for (const level of [0.5, 1, 1.5, 2, 3, 5, 10]) {
  const s = setup(`topic-aware, noise ${level}`, topicEmbedder(corpusTexts, judgedTexts, { noise: level }));
  console.log(`| ${level} | ${(s.calibration.semantic?.reliability ?? 0).toFixed(2)} | ${f3(judge(s, allJudged).ndcg5)} | ${pct(noise(s, 'ml-uncovered'))} |`);
}

printForYou(evaluateForYou(index, setups.filter((x) => x.name !== 'generated test model'), allJudged, unrelated));
