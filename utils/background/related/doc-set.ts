/**
 * The papers the related service ranks — the bundled corpus first, then saved papers outside it — with
 * their keyword index and calibration. A cache of the database: rebuilt after a service-worker restart,
 * refreshed in place when papers are saved, rebuilt when one leaves the reading list.
 */
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord } from '../db/schema';
import { paperText, textHash } from '../embedding/text';
import { addToIndex, buildLexicalIndex, type LexicalIndex } from '../ranking/lexical';
import { shippedCalibration, shippedIndex, type ShippedCorpus } from '../corpus/shipped-index';
import { calibrate, type Calibration } from '../ranking/rank';
import type { SavedIds } from './saved-ids';

/** A paper the service ranks. */
export interface Doc {
  id: string;
  title: string;
  abstract: string;
  firstAuthor: string | null;
  year: string | null;
  text: string;
  hash: string;
}

export interface DocSet {
  docs: Doc[];
  index: LexicalIndex;
  /** Number of seed-corpus docs at the start of `docs`. */
  corpusCount: number;
  vectors: (Float32Array | null)[] | null;
  /** Identifies the indexed texts: a calibration stored under another fingerprint is stale. */
  fingerprint: string;
  /** Keyword backgrounds of this set (measured on first use, or read back from the database). */
  lexical: Promise<Calibration> | null;
  /** Keyword and semantic backgrounds, for the vectors present when they were measured. */
  semantic: { vectors: number; calibration: Promise<Calibration> } | null;
}

export function doc(id: string, title: string, abstract: string, firstAuthor: string | null, year: string | null): Doc {
  const text = paperText({ title, abstract });
  return { id, title, abstract, firstAuthor, year, text, hash: textHash(text) };
}

/** The last measured backgrounds (`calibrationOf`). */
const CALIBRATION_KEY = 'calibration';

export interface DocSetDeps {
  db: NeighborsDb;
  corpus: readonly CorpusPaper[];
  corpusVersion: string;
  /** The corpus's keyword index and calibration as the build computed them (absent in tests: computed). */
  shipped?: ShippedCorpus | null;
  savedIds: SavedIds;
  modelId: string;
  /** Saved papers joined a set in place: whoever holds vectors for the set appends theirs. */
  onAppended(set: DocSet, added: Doc[]): Promise<void>;
}

export interface DocSets {
  /** The current set (built on first use). */
  load(): Promise<DocSet>;
  /** The reading list changed: the next `load` refreshes the set. */
  markChanged(): void;
  /** The set's backgrounds for the given vectors (keywords alone without), measured once and stored. */
  calibrationOf(set: DocSet, vectors: (Float32Array | null)[] | null): Promise<Calibration>;
}

export function createDocSets(deps: DocSetDeps): DocSets {
  const { db, corpus } = deps;
  const corpusIds = new Set(corpus.map((p) => p.id));
  let current: Promise<DocSet> | null = null;
  let changed = false;

  /** Saved papers (outside the corpus) with a title, as the database has them now. */
  async function savedDocs(except: ReadonlySet<string> = new Set()): Promise<{ ids: Set<string>; docs: Doc[] }> {
    const ids = new Set([...(await deps.savedIds.get())].filter((id) => !corpusIds.has(id)));
    const wanted = [...ids].filter((id) => !except.has(id));
    const saved = (await db.papers.bulkGet(wanted)).filter((p): p is PaperRecord => !!p && p.title.length > 0);
    return { ids, docs: saved.map((p) => doc(p.id, p.title, p.abstract, p.authors[0] ?? null, p.yearMonth?.slice(0, 4) ?? null)) };
  }

  const fingerprintOf = (docs: readonly Doc[]) => textHash(docs.map((d) => d.hash).join(''));

  /**
   * Corpus first, then saved papers with a title that are not in the corpus. With the index the build
   * shipped, the saved papers join a copy of it (`addToIndex`): weighted with the corpus's idf, as a
   * fixed reference vocabulary.
   */
  async function build(): Promise<DocSet> {
    // The corpus comes from the code: no need to wait for it to be written to the database.
    const docs = corpus.map((p) => doc(p.id, p.title, p.abstract, p.firstAuthor, p.yearMonth.slice(0, 4)));
    const saved = (await savedDocs()).docs;
    docs.push(...saved);
    const shipped = deps.shipped?.corpusVersion === deps.corpusVersion ? deps.shipped : null;
    let index: LexicalIndex;
    if (shipped) {
      index = shippedIndex(shipped);
      addToIndex(index, saved);
    } else index = buildLexicalIndex(docs);
    const set: DocSet = { docs, index, corpusCount: corpus.length, vectors: null, fingerprint: fingerprintOf(docs), lexical: null, semantic: null };
    if (shipped && saved.length === 0) set.lexical = Promise.resolve(shippedCalibration(shipped));
    return set;
  }

  /**
   * The set after the reading list changed: newly saved papers join the index in place (a save costs
   * well under a millisecond, whatever the size of the library); a paper removed from the reading list
   * means a rebuild.
   */
  async function refresh(previous: Promise<DocSet>): Promise<DocSet> {
    const set = await previous.catch(() => null);
    if (!set) return build();
    const indexed = new Set(set.docs.slice(set.corpusCount).map((d) => d.id));
    const { ids, docs: added } = await savedDocs(indexed);
    if ([...indexed].some((id) => !ids.has(id))) return build();
    if (added.length === 0) return set;
    set.docs.push(...added);
    addToIndex(set.index, added);
    await deps.onAppended(set, added);
    set.fingerprint = fingerprintOf(set.docs);
    set.lexical = null;
    set.semantic = null;
    return set;
  }

  async function storedCalibration(key: string, measure: () => Calibration): Promise<Calibration> {
    const row = await db.meta.get(CALIBRATION_KEY).catch(() => undefined);
    const stored = row?.value as { key: string; calibration: Calibration } | undefined;
    if (stored?.key === key && stored.calibration.pairs instanceof Float32Array) return stored.calibration;
    const calibration = measure();
    // A full disk only costs the next start-up a measurement.
    await db.meta.put({ key: CALIBRATION_KEY, value: { key, calibration } }).catch(() => undefined);
    return calibration;
  }

  /** A refresh waiting for the one before it to finish: changes arriving meanwhile fold into it. */
  let queued: Promise<DocSet> | null = null;

  return {
    load() {
      if (current && changed && !queued) {
        const previous = current;
        // The reading list is read when the refresh starts, not when it is asked for: a deletion of 50,000
        // papers in five parts rebuilds the set twice (the part being rebuilt, then the rest), not five times.
        const next = previous
          .catch(() => undefined)
          .then(() => {
            queued = null;
            changed = false;
            return refresh(previous);
          });
        queued = next;
        current = next;
      }
      if (!current) {
        // A first build reads the reading list as it is now: nothing left to refresh.
        changed = false;
        current = build();
      }
      const loading = current;
      loading.catch(() => {
        if (current === loading) current = null;
      });
      return loading;
    },
    markChanged() {
      changed = true;
    },
    /**
     * The backgrounds of a set, measured once and kept beside the vectors (`meta`), so a new
     * service-worker life reads them back instead of measuring again; remeasured when the indexed texts,
     * the model or the vectors present change.
     */
    calibrationOf(set, vectors) {
      const present = vectors ? vectors.filter(Boolean).length : 0;
      if (!vectors || present === 0) return (set.lexical ??= storedCalibration(`${set.fingerprint}:keywords`, () => calibrate(set.index, set.docs)));
      if (set.semantic?.vectors !== present) {
        const key = `${set.fingerprint}:${deps.modelId}:${present}`;
        set.semantic = { vectors: present, calibration: storedCalibration(key, () => calibrate(set.index, set.docs, vectors)) };
      }
      return set.semantic.calibration;
    },
  };
}
