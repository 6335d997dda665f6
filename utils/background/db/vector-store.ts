/** Embedding cache keyed by [modelId, textHash]; vectors stored as Float32 buffers, written in bulk. */
import type { NeighborsDb, VectorRecord } from './schema';

/** Stored vectors for the given hashes (null where missing or malformed), in input order. */
export async function getVectors(db: NeighborsDb, modelId: string, hashes: readonly string[]): Promise<(Float32Array | null)[]> {
  const rows = await db.vectors.bulkGet(hashes.map((h) => [modelId, h] as [string, string]));
  return rows.map((r) => (r && r.data.byteLength === r.dims * 4 && r.dims > 0 ? new Float32Array(r.data) : null));
}

/** Stores vectors in one transaction. */
export async function putVectors(db: NeighborsDb, modelId: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
  const now = Date.now();
  const rows: VectorRecord[] = entries.map(({ hash, vector }) => ({
    modelId,
    textHash: hash,
    dims: vector.length,
    data: vector.slice().buffer,
    createdAt: now,
  }));
  await db.vectors.bulkPut(rows);
}

/** Deletes every vector of `modelId` (a model no longer used). */
export async function deleteModelVectors(db: NeighborsDb, modelId: string): Promise<number> {
  return db.vectors.where('modelId').equals(modelId).delete();
}
