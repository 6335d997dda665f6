/**
 * npm run model:bundle -- <model folder> [--id <owner/name>] [--public <dir>]
 * Copies a model folder laid out like the hub (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model_quantized.onnx and/or onnx/model.onnx) into public/models/<id>/ and lists it in
 * public/models/bundled.json, so the next build loads that model from the extension itself and never
 * touches the network. The id defaults to the folder's last two path segments (e.g. Xenova/all-MiniLM-L6-v2).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isKnownModel, MODEL_CHOICES } from '../utils/shared/models';
import { rawText } from '../utils/shared/plain-errors';

const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const WEIGHTS = ['onnx/model_quantized.onnx', 'onnx/model.onnx'];

/** Copies the model; returns the folder written. Throws with a readable message when the folder is not a model. */
export function bundleModel(source: string, opts: { id?: string; publicDir?: string } = {}): string {
  const dir = resolve(source);
  const id = opts.id ?? `${basename(dirname(dir))}/${basename(dir)}`;
  if (!isKnownModel(id)) throw new Error(`"${id}" is not a model the extension offers (${MODEL_CHOICES.join(', ')}); pass --id.`);
  const missing = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  const weights = WEIGHTS.filter((f) => existsSync(join(dir, f)));
  if (missing.length || weights.length === 0) {
    throw new Error(`${dir} is not a model folder: missing ${[...missing, ...(weights.length ? [] : ['onnx/model_quantized.onnx'])].join(', ')}.`);
  }
  const models = resolve(opts.publicDir ?? 'public', 'models');
  const target = join(models, id);
  for (const f of [...REQUIRED, ...weights]) {
    mkdirSync(dirname(join(target, f)), { recursive: true });
    copyFileSync(join(dir, f), join(target, f));
  }
  const index = join(models, 'bundled.json');
  const listed = existsSync(index) ? ((JSON.parse(readFileSync(index, 'utf8')) as { models?: string[] }).models ?? []) : [];
  writeFileSync(index, `${JSON.stringify({ models: [...new Set([...listed, id])] }, null, 2)}\n`);
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { id: { type: 'string' }, public: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: npm run model:bundle -- <model folder> [--id owner/name] [--public dir]');
    process.exit(2);
  }
  try {
    const target = bundleModel(positionals[0], { id: values.id, publicDir: values.public });
    console.log(`bundled into ${target}; the next build (npm run build) loads it from the extension, without network.`);
  } catch (e) {
    console.error(rawText(e));
    process.exit(1);
  }
}
