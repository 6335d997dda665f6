/**
 * The bundled papers written into the database (so the library, the popup and "related to this one"
 * find them by id), once per corpus version: a build whose corpus text changed re-seeds, whatever its
 * paper count (CORPUS_VERSION is a hash of the texts, scripts/build-corpus.ts).
 */
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb } from '../db/schema';
import { mergePaperRow } from '../db/paper-record';

export function createSeeding(db: NeighborsDb, corpus: readonly CorpusPaper[], corpusVersion: string): { seed(): Promise<void> } {
  let seeded: Promise<void> | null = null;
  return {
    seed() {
      seeded ??= db
        .transaction('rw', db.papers, db.meta, async () => {
          const meta = await db.meta.get('corpusVersion');
          if (meta?.value === corpusVersion) return;
          const existing = new Map((await db.papers.bulkGet(corpus.map((p) => p.id))).map((r) => [r?.id, r]));
          const now = Date.now();
          await db.papers.bulkPut(corpus.map((p) => mergePaperRow(p.id, null, existing.get(p.id), p, 'seed', now, true)));
          await db.meta.put({ key: 'corpusVersion', value: corpusVersion });
        })
        .catch((e: unknown) => {
          seeded = null;
          throw e;
        });
      return seeded;
    },
  };
}
