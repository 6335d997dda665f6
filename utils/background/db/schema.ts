/**
 * The extension's IndexedDB (extension origin), through Dexie. Every version keeps its store
 * definitions here with an upgrade, and a test opens a database of the previous version holding data.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ReadingStatus } from '../../shared/library/types';
import type { PaperMeta } from '../../shared/arxiv/abs-page';

export type PaperSource = 'seed' | 'saved' | 'visited';

/** What is known of a paper: the page's metadata (without the submission dates) plus storage fields. */
export interface PaperRecord extends Omit<PaperMeta, 'submitted'> {
  /** "YYYY-MM" of the first version when known. */
  yearMonth: string | null;
  sources: PaperSource[];
  updatedAt: number;
}

export interface VectorRecord {
  modelId: string;
  /** textHash(paperText(paper)): a changed text gets a new key instead of a stale vector. */
  textHash: string;
  dims: number;
  /** Float32 buffer of `dims` values, L2-normalised. */
  data: ArrayBuffer;
  createdAt: number;
}


export interface ReadingListRecord {
  id: string;
  addedAt: number;
  status: ReadingStatus;
  tags: string[];
  note: string;
  updatedAt: number;
}

/** A deleted reading-list entry, kept so the deletion can be undone (purged after a while). */
export interface TrashRecord extends ReadingListRecord {
  /** Entries deleted together share a batch and are restored together. */
  batch: string;
  deletedAt: number;
}

/** "Not relevant": the reader hid paper `paperId` from the related papers of paper `forId`. */
export interface DismissalRecord {
  forId: string;
  paperId: string;
  /** When it was hidden (ms since the epoch). */
  at: number;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export type NeighborsDb = Dexie & {
  papers: EntityTable<PaperRecord, 'id'>;
  vectors: Dexie.Table<VectorRecord, [string, string]>;
  readingList: EntityTable<ReadingListRecord, 'id'>;
  meta: EntityTable<MetaRecord, 'key'>;
  /** The trash, keyed by [batch+id] (schema v4): each deletion batch keeps its own copy of an entry. */
  deleted: Dexie.Table<TrashRecord, [string, string]>;
  dismissals: Dexie.Table<DismissalRecord, [string, string]>;
};

export const DB_NAME = 'arxiv-neighbors';

/** Schema v1: papers, vectors, reading list, meta. */
export const SCHEMA_V1 = {
  papers: '&id, *sources, updatedAt',
  vectors: '[modelId+textHash], modelId',
  readingList: '&id, addedAt, status, *tags, updatedAt',
  meta: '&key',
} as const;

/** Schema v2 adds the trash behind "undo delete". */
export const SCHEMA_V2 = { ...SCHEMA_V1, trash: '&id, batch, deletedAt' } as const;

/** Schema v3 adds "not relevant" dismissals, one row per (paper shown on, paper hidden) pair. */
export const SCHEMA_V3 = { ...SCHEMA_V2, dismissals: '[forId+paperId], forId, paperId, at' } as const;

/**
 * Schema v4 replaces the trash keyed by id (a second deletion of the same paper overwrote the first
 * batch's copy, so Undo of the first restored nothing) with `deleted`, keyed by batch and id. Dexie cannot
 * change a primary key, hence the new table; the upgrade moves the old rows.
 */
export const SCHEMA_V4 = { ...SCHEMA_V3, trash: null, deleted: '[batch+id], batch, id, deletedAt' } as const;

/** Opens (lazily) the database; tests pass a unique name with fake-indexeddb. */
export function createDb(name = DB_NAME): NeighborsDb {
  const db = new Dexie(name) as NeighborsDb;
  // A newer schema opened elsewhere (an updated extension while an old page is open): step aside so its
  // upgrade is not blocked, and reopen on the next use, as Dexie's default does. Returning false skips
  // that default, which also logs "Another connection wants to upgrade database…" to the console.
  db.on('versionchange', () => {
    db.close({ disableAutoOpen: false });
    return false;
  });
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // v1 could hold entries written before tags/notes were normalised, and saved papers whose
      // `papers` row did not say so: make both hold for every existing entry.
      const ids: string[] = [];
      await tx
        .table<ReadingListRecord, string>('readingList')
        .toCollection()
        .modify((e) => {
          ids.push(e.id);
          e.tags = Array.isArray(e.tags) ? e.tags.filter((t) => typeof t === 'string') : [];
          e.note = typeof e.note === 'string' ? e.note : '';
          e.updatedAt = typeof e.updatedAt === 'number' ? e.updatedAt : e.addedAt;
        });
      await tx
        .table<PaperRecord, string>('papers')
        .where('id')
        .anyOf(ids)
        .modify((p) => {
          if (!p.sources.includes('saved')) p.sources.push('saved');
        });
    });
  db.version(3).stores(SCHEMA_V3);
  db.version(4)
    .stores(SCHEMA_V4)
    .upgrade(async (tx) => {
      const old = await tx.table<TrashRecord, string>('trash').toArray();
      await tx.table<TrashRecord, [string, string]>('deleted').bulkPut(old.filter((r) => typeof r.batch === 'string' && typeof r.id === 'string'));
    });
  return db;
}
