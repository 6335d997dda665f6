/** Generates the test models once per run (cheap: well under a second). */
import { makeTestModels } from '../../scripts/make-test-models';

export default function setup(): void {
  makeTestModels();
}
