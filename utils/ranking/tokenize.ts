/**
 * Tokenisation for the lexical index: lower-case word tokens, English stop words removed, a light
 * plural stemmer, and adjacent-pair bigrams ("product quantization"). Pure and deterministic.
 */

const STOP_WORDS = new Set(
  `a about above across after again against all almost also although always am among an and another any are
  around as at be because been before being below between both but by can cannot could did do does doing done
  down during each either else enough especially et etc even ever every few for from further furthermore had
  has have having he her here hers herself him himself his how however i if in into is it its itself just
  least less let like made main mainly make many may me might more moreover most mostly much must my
  namely nearly neither no nor not now of off often on once one only onto or other others otherwise our ours
  ourselves out over overall own per perhaps quite rather really same several shall she should show shown
  shows since so some such than that the their theirs them themselves then there thereby therefore these
  they this those though through thus to together too toward towards under until up upon us use used uses
  using very via was we well were what when where whereas whether which while who whom whose why will with
  within without would yet you your yours also paper propose proposed proposes present presents approach
  approaches method methods new novel work works result results based existing recent recently first second
  two three achieve achieves achieved demonstrate demonstrates state art sota extensive experiments experiment
  experimental significantly significant outperforms outperform performance better best different various
  including show however task tasks furthermore study studies problem problems introduce introduces leading
  code available github https http com www org`.split(/\s+/),
);

/** Plural and possessive forms folded onto one term; keeps "ss" words ("loss") and short words whole. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|ys)$/.test(word)) return word.slice(0, -1);
  return word;
}

const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

/** Word → term (null: not a term). Vocabularies repeat, so most words are looked up, not re-stemmed. */
const termCache = new Map<string, string | null>();
const TERM_CACHE_SIZE = 200_000;

/**
 * Calls `onTerm` for every term of `text`: each unigram (stop words dropped) with the word it came
 * from, then each bigram of terms adjacent in the text (surface null). No objects per token: this is
 * the inner loop of index building.
 */
export function forEachTerm(text: string, onTerm: (term: string, surface: string | null) => void): void {
  const seq: (string | null)[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const word = m[0];
    let term = termCache.get(word);
    if (term === undefined) {
      term = STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2 ? null : stem(word);
      if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
      termCache.set(word, term);
    }
    seq.push(term);
    if (term !== null) onTerm(term, word);
  }
  for (let i = 0; i + 1 < seq.length; i++) {
    const a = seq[i];
    const b = seq[i + 1];
    if (a !== null && b !== null) onTerm(`${a} ${b}`, null);
  }
}

/** Unigram terms (stop words dropped) followed by bigrams of terms adjacent in the text. */
export function terms(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => out.push(term));
  return out;
}
