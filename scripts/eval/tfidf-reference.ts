/**
 * The reference the product must beat: arxiv-sanity-lite's TF-IDF (scikit-learn's TfidfVectorizer
 * with English stop words, word unigrams and bigrams, sublinear tf, smoothed idf, L2 norm; cosine),
 * fitted on the corpus, title and abstract as one text. A query's words outside the fitted vocabulary
 * are ignored, as `transform` does. Eval-only: the product never ships it.
 */

// scikit-learn's ENGLISH_STOP_WORDS.
const STOP = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back be became because become becomes becoming been before beforehand behind being below beside besides between beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed seeming seems serious several she should show side since sincere six sixty so some somehow someone something sometime sometimes somewhere still such system take ten than that the their them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin third this those though three through throughout thru thus to together too top toward towards twelve twenty two un under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves`.split(/\s+/),
);

function grams(text: string): Map<string, number> {
  const words = (text.toLowerCase().match(/\b[a-z_][a-z0-9_]+\b/g) ?? []).filter((w) => !STOP.has(w));
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  words.forEach((w, i) => {
    add(w);
    if (i + 1 < words.length) add(`${w} ${words[i + 1]}`);
  });
  return counts;
}

/** Fits on `docs`; returns a ranker: the docs' ids by cosine with the query, best first, `exclude` left out. */
export function tfidfReference(docs: readonly { id: string; title: string; abstract: string }[]) {
  const counts = docs.map((d) => grams(`${d.title} ${d.abstract}`));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = (t: string) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1;
  const vectorize = (c: Map<string, number>) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, tf] of c) {
      if (!df.has(t)) continue;
      const w = (1 + Math.log(tf)) * idf(t);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  };
  const vectors = counts.map(vectorize);
  return (query: { title: string; abstract: string }, exclude: string): string[] => {
    const q = vectorize(grams(`${query.title} ${query.abstract}`));
    return docs
      .map((d, i) => {
        let s = 0;
        for (const [t, w] of q) s += w * (vectors[i].get(t) ?? 0);
        return { id: d.id, s };
      })
      .filter((x) => x.id !== exclude)
      .sort((a, b) => b.s - a.s)
      .map((x) => x.id);
  };
}
