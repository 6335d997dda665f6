/**
 * Generates the test models into .cache/test-models (or the folder given): the bag-of-words model
 * under the default model's id (and a copy under gte-small's, to switch models), so tests exercise the production loading path with only the host changed.
 * Usage: npm run models:test [-- <dir>]
 */
import { resolve } from 'node:path';
import { CORPUS } from '../utils/background/corpus/corpus-data';
import { DEFAULT_MODEL_ID } from '../utils/shared/models';
import { wordsOf, writeBowModel } from './test-models/bow-model';

/** The id the second test model is served under. */
export const SWITCH_TEST_MODEL_ID = 'Xenova/gte-small';

/** Default output folder, shared with the test setup. */
export const TEST_MODEL_DIR = resolve(import.meta.dirname, '../.cache/test-models');

/** Writes the test models and returns the folder. */
export function makeTestModels(dir = TEST_MODEL_DIR): string {
  const words = wordsOf(CORPUS.flatMap((p) => [p.title, p.abstract]));
  writeBowModel(dir, DEFAULT_MODEL_ID, words);
  // A second model (same vocabulary, same pooling) to switch to in the model-choice test.
  writeBowModel(dir, SWITCH_TEST_MODEL_ID, words);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = makeTestModels(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`test models written to ${dir}`);
}
