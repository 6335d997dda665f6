import { describe, expect, it, vi } from 'vitest';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { deleteModelVectors } from '@/utils/background/db/vector-store';
import { createRelatedService } from '@/utils/background/related/service';
import { createModelManager, type ModelSlot } from '@/utils/background/related/model-manager';
import { retryingFetch } from '@/utils/shared/retry-fetch';
import { describeModelError } from '@/utils/background/embedding/remote-embedder';
import { createFakeEmbedder } from '../helpers/fake-embedder';
import { settle, visitor } from '../helpers/related';

let dbCount = 0;

/** A manager over real related services and fake embedders; the choice and the active model live in plain variables. */
function setup() {
  const db = createDb(`manager-${Date.now()}-${dbCount++}`);
  const store: { chosen: string; active?: string } = { chosen: 'model/a' };
  const embedders = new Map<string, ReturnType<typeof createFakeEmbedder>>();
  const onSwitched = vi.fn();
  const manager = createModelManager({
    chosen: async () => ({ modelId: store.chosen, host: 'https://hub.example/' }),
    loadActive: async () => store.active,
    saveActive: async (id) => {
      store.active = id;
    },
    makeSlot(modelId, host): ModelSlot {
      const embedder = embedders.get(modelId) ?? createFakeEmbedder({ modelId, dims: modelId === 'model/a' ? 32 : 48 });
      embedders.set(modelId, embedder);
      const service = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
      return { modelId, host, service, state: () => embedder.state(), reset: () => service.retryModel(), onProgress: () => undefined };
    },
    dropVectors: async (id) => {
      await deleteModelVectors(db, id);
    },
    onSwitched,
  });
  return { db, store, embedders, manager, onSwitched };
}

describe('model manager', () => {
  it('keeps answering with the old model while the new one embeds the corpus, then switches and frees the old vectors', async () => {
    const { db, store, embedders, manager, onSwitched } = setup();
    await settle(await manager.service());
    expect(store.active).toBe('model/a');

    store.chosen = 'model/b';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = createFakeEmbedder({ modelId: 'model/b', dims: 48 });
    b.gate = gate;
    embedders.set('model/b', b);

    const during = await (await manager.service()).getRelated(visitor);
    expect(during.signals).toEqual(['lexical', 'semantic']);
    const status = await manager.status();
    expect(status.active.modelId).toBe('model/a');
    expect(status.switching).toMatchObject({ modelId: 'model/b', done: 0, total: 70, error: null });

    release();
    // Freeing the old model's vectors is the switch's last step.
    await vi.waitFor(async () => expect(await db.vectors.where('modelId').equals('model/a').count()).toBe(0), { timeout: 5000 });
    expect(store.active).toBe('model/b');
    expect(onSwitched).toHaveBeenCalledOnce();
    expect((await manager.status()).switching).toBeNull();
    expect(await db.vectors.where('modelId').equals('model/a').count()).toBe(0);
    expect(await db.vectors.where('modelId').equals('model/b').count()).toBeGreaterThanOrEqual(70);
    const after = await settle(await manager.service());
    expect(after.signals).toEqual(['lexical', 'semantic']);
  });

  it('a failed switch leaves the old model in place, says why, and can be retried', async () => {
    const { store, embedders, manager } = setup();
    await settle(await manager.service());
    store.chosen = 'model/b';
    const b = createFakeEmbedder({ modelId: 'model/b' });
    b.fail = true;
    embedders.set('model/b', b);
    await manager.service();
    await vi.waitFor(async () => expect((await manager.status()).switching?.error).toBeTruthy(), { timeout: 5000 });
    const failed = await manager.status();
    expect(failed.active.modelId).toBe('model/a');
    expect(failed.switching?.error).toBeTruthy();
    expect((await settle(await manager.service())).signals).toContain('semantic');

    b.fail = false;
    await manager.retry();
    await vi.waitFor(() => expect(store.active).toBe('model/b'), { timeout: 5000 });
  });

  it('a switch that fails on a full disk says so in words, not with the database\'s text', async () => {
    const { db, store, manager } = setup();
    await settle(await manager.service());
    store.chosen = 'model/b';
    const quota = Object.assign(new Error('QuotaExceededError: Encountered full disk while opening backing store for indexedDB.open.'), { name: 'QuotaExceededError' });
    vi.spyOn(db.vectors, 'bulkPut').mockRejectedValue(quota);
    await manager.service();
    await vi.waitFor(async () => expect((await manager.status()).switching?.error).toBeTruthy(), { timeout: 5000 });
    const error = (await manager.status()).switching?.error ?? '';
    expect(error).toMatch(/space|storage|disk/i);
    expect(error).not.toMatch(/QuotaExceededError|indexedDB|backing store/);
  });

  it('choosing the active model again cancels a switch in progress', async () => {
    const { store, embedders, manager } = setup();
    await settle(await manager.service());
    store.chosen = 'model/b';
    const b = createFakeEmbedder({ modelId: 'model/b' });
    b.gate = new Promise(() => undefined);
    embedders.set('model/b', b);
    await manager.service();
    store.chosen = 'model/a';
    expect((await manager.status()).switching).toBeNull();
    expect(store.active).toBe('model/a');
  });
});

describe('model downloads', () => {
  const ok = () => new Response('x', { status: 200 });
  const sleep = vi.fn(async () => undefined);

  it('retries network errors and server errors with growing delays, then succeeds', async () => {
    const base = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce(new Response('', { status: 503 })).mockResolvedValueOnce(ok());
    const f = retryingFetch(base, { sleep, baseDelayMs: 100, online: () => true });
    expect((await f('https://hub.example/m/resolve/main/config.json')).status).toBe(200);
    expect(base).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls.map((c) => (c as unknown[])[0])).toEqual([100, 200]);
  });

  it('gives up after the last retry, and never retries a 404 or while offline', async () => {
    const failing = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(retryingFetch(failing, { sleep, retries: 2, online: () => true })('u')).rejects.toThrow('Failed to fetch');
    expect(failing).toHaveBeenCalledTimes(3);
    const missing = vi.fn().mockResolvedValue(new Response('', { status: 404 }));
    expect((await retryingFetch(missing, { sleep, online: () => true })('u')).status).toBe(404);
    expect(missing).toHaveBeenCalledOnce();
    const offline = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(retryingFetch(offline, { sleep, online: () => false })('u')).rejects.toThrow();
    expect(offline).toHaveBeenCalledOnce();
  });

  it('tells an offline reader so, rather than blaming the model', () => {
    expect(describeModelError('Failed to fetch', false)).toMatch(/You are offline/);
    expect(describeModelError('Failed to fetch', true)).toMatch(/Could not download the embedding model/);
  });
});

describe('long poll for semantic results', () => {
  it('a waiting request answers with semantic results as soon as the paper is embedded', async () => {
    const embedder = createFakeEmbedder();
    const service = createRelatedService({ db: createDb(`wait-${Date.now()}`), embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    await service.indexCorpus();
    const quick = await service.getRelated(visitor);
    expect(quick.pending).toBe(true);
    const other = { ...visitor, id: '2210.17324', abstract: `${visitor.abstract} Also sparse.` };
    const waited = await service.getRelated(other, true);
    expect(waited.pending).toBe(false);
    expect(waited.signals).toEqual(['lexical', 'semantic']);
  });
});
