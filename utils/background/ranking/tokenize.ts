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

/**
 * Research prose that every field writes (ability, advantage, enabling, scalable, specified…): such
 * words carry weight in the index but never say what a paper is about, so they are never given as a
 * reason and never count as shared evidence. Terms, i.e. after `stem` (singular forms).
 */
export const GENERIC_WORDS = new Set(
  `ability able accuracy mean order introduce specialize learnable trainable prediction predictive accurate achieving
  across adapt addition additional address addressing adopt advance advanced advantage affect aim aims allow
  allowing allows alternative analysis analyze analyzed apply applied applying applicable application arbitrary
  aspect assess assume assumption attractive available baseline benefit beyond bring broad build building
  called capability capable capture capturing careful case central certain challenge challenging characterize
  claim clear closely common commonly compared comparison compelling competitive complete completely complex
  component comprehensive conduct conducted consider considerable considered considering consistent
  consistently consisting construct context contrast contribute contribution conventional core correspond
  correspondingly cost costly critical crucial current currently data dataset datasets deal demonstrated derive
  derived describe design designed desirable despite detail detailed determine develop developed development
  difference difficult difficulty direct directly discuss distinct diverse due effect effective effectively
  effectiveness efficacy efficiency efficient efficiently effort employ enable enabled enables enabling
  encourage enhance enhanced enhancing ensure ensuring entire especially essential establish established
  estimate evaluate evaluated evaluating evaluation evidence exhibit exist exploit explore explored exploring
  extend extended extensive extensively facilitate fact factor fail fails far feasible final find finding
  findings focus focused following formulation framework frequently full fully fundamental further gain gap
  general generally give given goal good great greatly ground guarantee handle hard help hence high higher
  highlight highly hypothesis idea identify illustrate impact implement implementation importance important
  impressive improve improved improvement improving include increase increasing increasingly indicate inherent
  insight inspired instance instead intend interesting investigate investigated involve issue key known lack
  large larger largely late latter lead learn level leverage leveraging likely limit limitation limited little
  long low lower main maintain major majority make making manner meanwhile measure mechanism meet minimal
  moreover motivated multiple necessary need needed negligible notable notably notion number numerous observe
  observed obtain obtained offer original outcome outperform outperforming overcome part particular
  particularly past perform performed performing perspective play popular possible potential potentially
  powerful practical precise predominantly preliminary previous previously primary prior problem produce
  promising prominent property propose proposing prove provide provided providing purpose quickly range real
  reasonable recent regard regarding relative relatively relevant reliable rely remain remains remarkable
  report represent require required requirement requires research researcher respect respective respectively
  rest result retain reveal rigorous robust role scalable scheme scope second see seek seen select serve
  setting several severe show significant significantly similar similarly simple simplicity simply small
  solution solve solving specific specifically specified standard straightforward strong stronger subsequent
  substantial substantially successful successfully suffer sufficient suggest suitable superior surprising
  surprisingly take taken technique term thorough thoroughly today toward traditional tremendous typical
  typically ultimately understand understanding unique unlike useful usually validate variety various vast way
  wide widely work worse yield yielding`.split(/\s+/),
);

/**
 * The field's own jargon: terms every kind of machine-learning paper uses (neural network, deep
 * learning, loss function, CNN…). They say a paper is ML, not what it is about, so an ML paper on
 * speech recognition sharing "convolutional neural networks" with a vision paper is not a match.
 * Terms (after `stem`); phrases as two terms joined by a space.
 */
export const FIELD_JARGON = new Set(
  `neural network|deep neural|convolutional neural|recurrent neural|deep learning|machine learning|loss function|deep network|
  neural architecture|network architecture|training data|training set|learning rate|gradient descent|end-to-end|
  state-of-the-art|large-scale|real-world|data set|benchmark dataset|experimental result|artificial intelligence|
  cnn|dnn|rnn|ann|neural|deep|ai|ml`
    .split('|')
    .map((t) => t.trim()),
);

/** Suffixes stripped when looking a word up in GENERIC_WORDS, so its inflections need no entries of their own. */
const GENERIC_SUFFIXES = ['ing', 'ed', 'd', 'ly', 'ally', 'ity', 'ment', 'ness', 'ation', 'ion', 'ive', 'al'];

/** True for a term that is research prose rather than a topic ("compared", "resulting", "enabling"). */
export function isGeneric(term: string): boolean {
  if (GENERIC_WORDS.has(term)) return true;
  for (const suffix of GENERIC_SUFFIXES) {
    if (!term.endsWith(suffix) || term.length - suffix.length < 3) continue;
    const base = term.slice(0, -suffix.length);
    if (GENERIC_WORDS.has(base) || GENERIC_WORDS.has(`${base}e`) || GENERIC_WORDS.has(`${base}y`)) return true;
  }
  return false;
}

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

/** The term a word (lower case) stands for, or null for a stop word, a number or a single character. */
export function termOfWord(word: string): string | null {
  let term = termCache.get(word);
  if (term === undefined) {
    term = STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2 ? null : stem(word);
    if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
    termCache.set(word, term);
  }
  return term;
}

/** Every word of `text`, lower-cased, in order (null: none); one array of strings, no match object per word. */
export function wordsOf(text: string): string[] | null {
  return text.toLowerCase().match(WORD);
}

/** Every word of `text`, lower-cased, in order. */
export function forEachWord(text: string, onWord: (word: string) => void): void {
  const words = wordsOf(text);
  if (words) for (const w of words) onWord(w);
}

/**
 * Calls `onTerm` for every term of `text`: each unigram (stop words dropped) with the word it came
 * from, then each bigram of terms adjacent in the text (surface null). No objects per token: this is
 * the inner loop of index building.
 */
export function forEachTerm(text: string, onTerm: (term: string, surface: string | null) => void): void {
  const seq: (string | null)[] = [];
  forEachWord(text, (word) => {
    const term = termOfWord(word);
    seq.push(term);
    if (term !== null) onTerm(term, word);
  });
  for (let i = 0; i + 1 < seq.length; i++) {
    const a = seq[i];
    const b = seq[i + 1];
    if (a !== null && b !== null) onTerm(`${a} ${b}`, null);
  }
}
