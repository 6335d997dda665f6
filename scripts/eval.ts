/**
 * Scores the ranking on the judged dev set: npm run eval [-- <dev-queries.json>] [--model-dir <dir> --model <id>]
 * Prints nDCG@5, nDCG@10, Recall@10, MRR and the off-topic handling, for the lexical path alone and,
 * when an embedding model is available locally, fused with it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS } from '../utils/corpus/corpus-data';
import { buildLexicalIndex } from '../utils/ranking/lexical';
import { rankRelated, type RankInput } from '../utils/ranking/rank';
import { ndcgAt, recallAt, reciprocalRank } from '../utils/ranking/metrics';
import { paperText } from '../utils/embedding/text';
import { calibrationFor } from '../utils/embedding/models';

interface Query {
  id: string;
  arxiv_id: string;
  title: string;
  abstract: string;
  relevant: Record<string, number>;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'model-dir': { type: 'string' }, model: { type: 'string' } },
});
const queries = JSON.parse(
  readFileSync(resolve(positionals[0] ?? '../shared/eval/dev-queries.json'), 'utf8'),
) as Query[];
const index = buildLexicalIndex(CORPUS);

type Semantic = NonNullable<RankInput['semantic']>;
interface Row { name: string; ndcg5: number; ndcg10: number; recall10: number; mrr: number; offTopic: string }

function evaluate(name: string, semanticFor?: (q: Query) => Semantic): Row {
  const sums = { ndcg5: 0, ndcg10: 0, recall10: 0, mrr: 0 };
  let judged = 0;
  const offTopic: string[] = [];
  for (const q of queries) {
    const ranked = rankRelated({ index, query: q, exclude: new Set([q.arxiv_id]), semantic: semanticFor?.(q) }).map((r) => r.id);
    const grades = new Map(Object.entries(q.relevant).map(([i, g]) => [CORPUS[Number(i)].id, g]));
    if (grades.size === 0) {
      offTopic.push(`${q.id}: ${ranked.length === 0 ? 'empty state' : `${ranked.length} shown`}`);
      continue;
    }
    judged++;
    sums.ndcg5 += ndcgAt(5, ranked, grades);
    sums.ndcg10 += ndcgAt(10, ranked, grades);
    sums.recall10 += recallAt(10, ranked, grades);
    sums.mrr += reciprocalRank(ranked, grades);
  }
  return {
    name,
    ndcg5: sums.ndcg5 / judged,
    ndcg10: sums.ndcg10 / judged,
    recall10: sums.recall10 / judged,
    mrr: sums.mrr / judged,
    offTopic: offTopic.join(', ') || 'none in set',
  };
}

const rows: Row[] = [
  { name: 'TF-IDF reference (README)', ndcg5: 0.829, ndcg10: 0.839, recall10: 0.807, mrr: 0.894, offTopic: '-' },
  evaluate('lexical (ours)'),
];

if (values['model-dir']) {
  const { createNodeEmbedder } = await import('../utils/embedding/node-embedder');
  const modelId = values.model ?? 'Xenova/all-MiniLM-L6-v2';
  const embedder = await createNodeEmbedder({ modelDir: resolve(values['model-dir']), modelId });
  const docVecs = await embedder.embed(CORPUS.map(paperText));
  const queryVecs = await embedder.embed(queries.map(paperText));
  const calibration = calibrationFor(modelId);
  rows.push(
    evaluate(`fused with ${modelId} from ${values['model-dir']}`, (q) => ({ query: queryVecs[queries.indexOf(q)], docs: docVecs, calibration })),
  );
}

const f = (x: number) => x.toFixed(3);
console.log(`\n${queries.length} queries, ${CORPUS.length} corpus papers\n`);
console.log('| ranking | nDCG@5 | nDCG@10 | Recall@10 | MRR | off-topic |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${f(r.ndcg5)} | ${f(r.ndcg10)} | ${f(r.recall10)} | ${f(r.mrr)} | ${r.offTopic} |`);
