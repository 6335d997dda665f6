/**
 * Writes a tiny BERT-layout embedding model that transformers.js loads through its real path
 * (config.json, tokenizer.json, onnx/model.onnx and onnx/model_quantized.onnx). The graph is one
 * Gather from a word-embedding table, so mean pooling yields a bag of words: texts sharing content
 * words get similar vectors. Stop words and special tokens embed to zero. Vectors come from a seeded
 * PRNG: the same vocabulary always yields the same model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { seededRandom } from '../rng';

// onnx-proto is CommonJS: its namespace is a property of the default export under Node's ESM loader.
const { onnx } = onnxProto;

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const ZERO_WORDS = new Set(
  'a an the of and or in on for to with by from is are was were be been this that these those we our it its as at which can also into than such their has have not but using based show'.split(' '),
);


function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Vocabulary: specials, characters and "##" characters (so any word tokenizes), then `words`. */
export function buildVocab(words: Iterable<string>): string[] {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punct = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('');
  const vocab = [...SPECIALS, ...chars, ...punct, ...chars.map((c) => `##${c}`)];
  const seen = new Set(vocab);
  for (const w of words) {
    if (!seen.has(w)) {
      seen.add(w);
      vocab.push(w);
    }
  }
  return vocab;
}

function embeddingTable(vocab: string[], dims: number): Float32Array {
  const table = new Float32Array(vocab.length * dims);
  vocab.forEach((tok, i) => {
    if (SPECIALS.includes(tok) || ZERO_WORDS.has(tok) || tok.length === 1) return;
    const rand = seededRandom(hashString(tok));
    for (let d = 0; d < dims; d++) table[i * dims + d] = rand() * 2 - 1;
  });
  return table;
}

const int64Input = (name: string): OnnxTypes.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
});

function graphModel(vocabSize: number, dims: number, table: Float32Array, quantized: boolean): Uint8Array {
  const nodes: OnnxTypes.INodeProto[] = [];
  const initializers: OnnxTypes.ITensorProto[] = [];
  if (quantized) {
    let max = 0;
    for (const v of table) max = Math.max(max, Math.abs(v));
    const scale = max / 127 || 1;
    const q = new Int8Array(table.length);
    for (let i = 0; i < table.length; i++) q[i] = Math.round(table[i] / scale);
    initializers.push(
      { name: 'word_embeddings_q', dims: [vocabSize, dims], dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array(q.buffer) },
      { name: 'scale', dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [scale] },
      { name: 'zero_point', dims: [], dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array([0]) },
    );
    nodes.push({ opType: 'DequantizeLinear', input: ['word_embeddings_q', 'scale', 'zero_point'], output: ['word_embeddings'], name: 'dequant' });
  } else {
    initializers.push({ name: 'word_embeddings', dims: [vocabSize, dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(table.buffer.slice(0)) });
  }
  nodes.push({ opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['last_hidden_state'], name: 'embed', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] });
  const model: OnnxTypes.IModelProto = {
    irVersion: 7,
    producerName: 'arxiv-neighbors test-model script',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'bow_bert',
      node: nodes,
      initializer: initializers,
      input: [int64Input('input_ids'), int64Input('attention_mask'), int64Input('token_type_ids')],
      output: [{ name: 'last_hidden_state', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: dims }] } } } }],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

export function tokenizerJson(vocab: string[]): object {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = (t: string) => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

/** Words of `texts` in first-seen order, lower-cased and split like BERT's pre-tokenizer. */
export function wordsOf(texts: Iterable<string>): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) out.push(m[0]);
  return out;
}

/** Writes the model folder `<dir>/<modelId>/`; returns its path. */
export function writeBowModel(dir: string, modelId: string, words: Iterable<string>, dims = 128): string {
  const root = join(dir, modelId);
  mkdirSync(join(root, 'onnx'), { recursive: true });
  const vocab = buildVocab(words);
  const table = embeddingTable(vocab, dims);
  writeFileSync(join(root, 'onnx', 'model.onnx'), graphModel(vocab.length, dims, table, false));
  writeFileSync(join(root, 'onnx', 'model_quantized.onnx'), graphModel(vocab.length, dims, table, true));
  writeFileSync(join(root, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(root, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  );
  writeFileSync(
    join(root, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dims, vocab_size: vocab.length, max_position_embeddings: 512, num_attention_heads: 1, num_hidden_layers: 1 }),
  );
  return root;
}
