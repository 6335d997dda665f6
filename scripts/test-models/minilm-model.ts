/**
 * Writes a random-weight model with exactly all-MiniLM-L6-v2's shape (6 layers, hidden 384, 12 heads,
 * FFN 1536, vocabulary 30522, 512 positions: 22.7 M parameters), so that timing it here is timing the
 * real model. Its vectors mean nothing; it exists for `npm run bench`. Written in Node with onnx-proto
 * (no Python): fp32 `model.onnx` and `model_quantized.onnx` quantized the way onnxruntime's
 * `quantize_dynamic` does it for the published q8 file (DynamicQuantizeLinear + MatMulInteger with int8
 * weights; int8 embedding tables dequantized after the Gather).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { seededRandom } from '../rng';
import { buildVocab, tokenizerJson } from './bow-model';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;

export const MINILM_SHAPE = { layers: 6, hidden: 384, heads: 12, ffn: 1536, vocab: 30522, positions: 512, types: 2 };

const int = (name: string, i: number): OnnxTypes.IAttributeProto => ({ name, type: A.INT, i });
const ints = (name: string, v: number[]): OnnxTypes.IAttributeProto => ({ name, type: A.INTS, ints: v });
const float = (name: string, f: number): OnnxTypes.IAttributeProto => ({ name, type: A.FLOAT, f });

/** Graph under construction: nodes and initializers, fp32 or dynamically quantized. */
class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly inits: OnnxTypes.ITensorProto[] = [];
  private n = 0;
  constructor(
    private readonly quantized: boolean,
    private readonly rand: () => number,
  ) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  node(opType: string, input: string[], attribute: OnnxTypes.IAttributeProto[] = [], outputs = 1): string[] {
    const output = Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push({ opType, input, output, name: this.fresh(`n_${opType}`), attribute });
    return output;
  }

  op(opType: string, input: string[], attribute: OnnxTypes.IAttributeProto[] = []): string {
    return this.node(opType, input, attribute)[0];
  }

  /** A float initializer; `values` or uniform random in ±scale around `center`. */
  floats(prefix: string, dims: number[], scale: number, center = 0): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = center + (this.rand() * 2 - 1) * scale;
    return this.tensor(prefix, dims, data);
  }

  tensor(prefix: string, dims: number[], data: Float32Array): string {
    const name = this.fresh(prefix);
    this.inits.push({ name, dims, dataType: T.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  int64s(prefix: string, values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh(prefix);
    const data = new BigInt64Array(values.map(BigInt));
    this.inits.push({ name, dims, dataType: T.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  scalar(prefix: string, value: number): string {
    const name = this.fresh(prefix);
    this.inits.push({ name, dims: [], dataType: T.FLOAT, rawData: new Uint8Array(new Float32Array([value]).buffer) });
    return name;
  }

  /** Per-tensor symmetric int8 copy of `data`, with its scale. */
  private int8(prefix: string, dims: number[], data: Float32Array): { q: string; scale: string; zero: string; scaleValue: number } {
    let max = 0;
    for (const v of data) max = Math.max(max, Math.abs(v));
    const scaleValue = max / 127 || 1;
    const q = new Int8Array(data.length);
    for (let i = 0; i < data.length; i++) q[i] = Math.round(data[i] / scaleValue);
    const name = this.fresh(`${prefix}_q`);
    this.inits.push({ name, dims, dataType: T.INT8, rawData: new Uint8Array(q.buffer) });
    const zero = this.fresh(`${prefix}_zp`);
    this.inits.push({ name: zero, dims: [], dataType: T.INT8, rawData: new Uint8Array([0]) });
    return { q: name, scale: this.scalar(`${prefix}_scale`, scaleValue), zero, scaleValue };
  }

  private randomData(dims: number[], scale: number): Float32Array {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (this.rand() * 2 - 1) * scale;
    return data;
  }

  /** x · W + b with a random W of [k, n]; quantized: DynamicQuantizeLinear → MatMulInteger → rescale. */
  linear(x: string, k: number, n: number): string {
    const w = this.randomData([k, n], 0.05);
    const bias = this.floats('bias', [n], 0.02);
    if (!this.quantized) return this.op('Add', [this.op('MatMul', [x, this.tensor('weight', [k, n], w)]), bias]);
    const wq = this.int8('weight', [k, n], w);
    const [xq, xScale, xZero] = this.node('DynamicQuantizeLinear', [x], [], 3);
    const acc = this.op('MatMulInteger', [xq, wq.q, xZero, wq.zero]);
    const accF = this.op('Cast', [acc], [int('to', T.FLOAT)]);
    const scale = this.op('Mul', [xScale, wq.scale]);
    return this.op('Add', [this.op('Mul', [accF, scale]), bias]);
  }

  /** Rows of a random [rows, dims] table picked by `ids`; quantized: int8 table, dequantized after the Gather. */
  embedding(ids: string, rows: number, dims: number): string {
    const table = this.randomData([rows, dims], 0.1);
    if (!this.quantized) return this.op('Gather', [this.tensor('embeddings', [rows, dims], table), ids], [int('axis', 0)]);
    const tq = this.int8('embeddings', [rows, dims], table);
    const picked = this.op('Gather', [tq.q, ids], [int('axis', 0)]);
    return this.op('DequantizeLinear', [picked, tq.scale, tq.zero]);
  }

  layerNorm(x: string, dims: number): string {
    return this.op('LayerNormalization', [x, this.floats('ln_gamma', [dims], 0.05, 1), this.floats('ln_beta', [dims], 0.02)], [int('axis', -1), float('epsilon', 1e-12)]);
  }
}

function encoderGraph(quantized: boolean, seed: number): OnnxTypes.IGraphProto {
  const { layers, hidden, heads, ffn, vocab, positions, types } = MINILM_SHAPE;
  const headDims = hidden / heads;
  const g = new GraphBuilder(quantized, seededRandom(seed));

  // Embeddings: word + position (0..S-1) + token type, then LayerNorm.
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64s('one', [1], [])], [int('axis', 0)]);
  const posIds = g.op('Range', [g.int64s('zero', [0], []), seqLen, g.int64s('step', [1], [])]);
  const summed = g.op('Add', [g.op('Add', [g.embedding('input_ids', vocab, hidden), g.embedding(posIds, positions, hidden)]), g.embedding('token_type_ids', types, hidden)]);
  let x = g.layerNorm(summed, hidden);

  // Additive mask [B, 1, 1, S]: 0 for tokens, -10000 for padding.
  const maskF = g.op('Cast', ['attention_mask'], [int('to', T.FLOAT)]);
  const inverted = g.op('Sub', [g.scalar('one_f', 1), maskF]);
  const mask = g.op('Unsqueeze', [g.op('Mul', [inverted, g.scalar('neg', -10000)]), g.int64s('axes', [1, 2])]);
  const splitHeads = g.int64s('heads_shape', [0, 0, heads, headDims]);
  const mergeHeads = g.int64s('hidden_shape', [0, 0, hidden]);
  const invSqrt = g.scalar('inv_sqrt_d', 1 / Math.sqrt(headDims));

  for (let l = 0; l < layers; l++) {
    const q = g.op('Transpose', [g.op('Reshape', [g.linear(x, hidden, hidden), splitHeads])], [ints('perm', [0, 2, 1, 3])]);
    const k = g.op('Transpose', [g.op('Reshape', [g.linear(x, hidden, hidden), splitHeads])], [ints('perm', [0, 2, 3, 1])]);
    const v = g.op('Transpose', [g.op('Reshape', [g.linear(x, hidden, hidden), splitHeads])], [ints('perm', [0, 2, 1, 3])]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), invSqrt]), mask]);
    const probs = g.op('Softmax', [scores], [int('axis', -1)]);
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], [ints('perm', [0, 2, 1, 3])]), mergeHeads]);
    const attended = g.layerNorm(g.op('Add', [g.linear(context, hidden, hidden), x]), hidden);
    const h = g.linear(attended, hidden, ffn);
    // GELU, erf form as in BERT: 0.5 · h · (1 + erf(h / √2)).
    const erf = g.op('Erf', [g.op('Mul', [h, g.scalar('inv_sqrt2', Math.SQRT1_2)])]);
    const gelu = g.op('Mul', [g.op('Mul', [h, g.scalar('half', 0.5)]), g.op('Add', [erf, g.scalar('one_g', 1)])]);
    x = g.layerNorm(g.op('Add', [g.linear(gelu, ffn, hidden), attended]), hidden);
  }
  g.nodes.push({ opType: 'Identity', input: [x], output: ['last_hidden_state'], name: 'output' });

  const ids = (name: string): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: T.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });
  return {
    name: 'minilm_shaped_random',
    node: g.nodes,
    initializer: g.inits,
    input: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
    output: [{ name: 'last_hidden_state', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: hidden }] } } } }],
  };
}

function encodeModel(graph: OnnxTypes.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'arxiv-neighbors bench-model script',
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  }).finish();
}

/**
 * A 30522-entry WordPiece vocabulary from `words` (most frequent first). About 8 in 10 distinct words are
 * kept whole and the rest only as a head plus a "##" tail, so an abstract takes about 1.3 tokens per
 * word, as with BERT's vocabulary on ML abstracts; unused slots are filled to the real size.
 */
export function minilmVocab(words: string[]): string[] {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const pieces: string[] = [];
  let i = 0;
  for (const [w] of [...counts].sort((a, b) => b[1] - a[1])) {
    if (w.length < 5 || i++ % 10 < 8) pieces.push(w);
    else pieces.push(w.slice(0, Math.ceil(w.length / 2)), `##${w.slice(Math.ceil(w.length / 2))}`);
  }
  const vocab = buildVocab(pieces).slice(0, MINILM_SHAPE.vocab);
  for (let n = 0; vocab.length < MINILM_SHAPE.vocab; n++) vocab.push(`[unused${n}]`);
  return vocab;
}

/** Writes the model folder `<dir>/<modelId>/` (fp32 and q8); returns its path. */
export function writeMinilmShapedModel(dir: string, modelId: string, words: string[], seed = 384): string {
  const root = join(dir, modelId);
  mkdirSync(join(root, 'onnx'), { recursive: true });
  const vocab = minilmVocab(words);
  writeFileSync(join(root, 'onnx', 'model.onnx'), encodeModel(encoderGraph(false, seed)));
  writeFileSync(join(root, 'onnx', 'model_quantized.onnx'), encodeModel(encoderGraph(true, seed)));
  writeFileSync(join(root, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(root, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  );
  const { layers, hidden, heads, ffn, positions } = MINILM_SHAPE;
  writeFileSync(
    join(root, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: hidden,
      intermediate_size: ffn,
      num_attention_heads: heads,
      num_hidden_layers: layers,
      vocab_size: MINILM_SHAPE.vocab,
      max_position_embeddings: positions,
      type_vocab_size: 2,
    }),
  );
  return root;
}
