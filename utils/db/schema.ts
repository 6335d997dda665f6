/**
 * The extension's IndexedDB (extension origin), through Dexie. Version 1 of the schema; every later
 * version adds a `.version(n)` with an upgrade and a test that opens a v1 database holding data.
 */
import Dexie, { type EntityTable } from 'dexie';

export type PaperSource = 'seed' | 'saved' | 'visited';

export interface PaperRecord {
  /** arXiv id without version. */
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string;
  primarySubject: string | null;
  subjects: string[];
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

export type ReadingStatus = 'to-read' | 'reading' | 'read';

export interface ReadingListRecord {
  id: string;
  addedAt: number;
  status: ReadingStatus;
  tags: string[];
  note: string;
  updatedAt: number;
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
};

export const DB_NAME = 'arxiv-neighbors';

/** Opens (lazily) the database; tests pass a unique name with fake-indexeddb. */
export function createDb(name = DB_NAME): NeighborsDb {
  const db = new Dexie(name) as NeighborsDb;
  db.version(1).stores({
    papers: '&id, *sources, updatedAt',
    vectors: '[modelId+textHash], modelId',
    readingList: '&id, addedAt, status, *tags, updatedAt',
    meta: '&key',
  });
  return db;
}
