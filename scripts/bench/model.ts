/**
 * The benchmark model: random weights in all-MiniLM-L6-v2's exact shape, generated on first use into
 * .cache/bench-models under the default model's id (so the extension loads it through its real path
 * with only the host changed). Never committed; regenerated when the generator changes.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CORPUS } from '../../utils/background/corpus/corpus-data';
import { DEFAULT_MODEL_ID } from '../../utils/shared/models';
import { wordsOf } from '../test-models/bow-model';
import { writeMinilmShapedModel } from '../test-models/minilm-model';

export const BENCH_MODEL_DIR = resolve(import.meta.dirname, '../../.cache/bench-models');
/** Bumped whenever the generated graph or vocabulary changes. */
const GENERATOR_VERSION = '1';

/** Folder serving `<modelId>/...`; generates the model (≈3 s, 113 MB) when missing or stale. */
export function ensureBenchModel(): string {
  const stamp = join(BENCH_MODEL_DIR, 'generator-version');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === GENERATOR_VERSION) return BENCH_MODEL_DIR;
  rmSync(BENCH_MODEL_DIR, { recursive: true, force: true });
  writeMinilmShapedModel(BENCH_MODEL_DIR, DEFAULT_MODEL_ID, wordsOf(CORPUS.flatMap((p) => [p.title, p.abstract])));
  writeFileSync(stamp, GENERATOR_VERSION);
  return BENCH_MODEL_DIR;
}
