/**
 * Generates the test models into .cache/test-models (or the folder given): the bag-of-words model
 * under the default model's id, so tests exercise the production loading path with only the host changed.
 * Usage: npm run models:test [-- <dir>]
 */
import { resolve } from 'node:path';
import { CORPUS } from '../utils/corpus/corpus-data';
import { DEFAULT_MODEL_ID } from '../utils/embedding/models';
import { wordsOf, writeBowModel } from './test-models/bow-model';

/** Default output folder, shared with the test setup. */
export const TEST_MODEL_DIR = resolve(import.meta.dirname, '../.cache/test-models');

/** Writes the test models and returns the folder. */
export function makeTestModels(dir = TEST_MODEL_DIR): string {
  writeBowModel(dir, DEFAULT_MODEL_ID, wordsOf(CORPUS.flatMap((p) => [p.title, p.abstract])));
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = makeTestModels(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`test models written to ${dir}`);
}
