// Faults injected into the related service and the embedder, and what the reader sees.
import { describe, expect, it, vi } from 'vitest';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { createRelatedService } from '@/utils/background/related/service';
import { createRemoteEmbedder } from '@/utils/background/embedding/remote-embedder';
import { createWorkerClient } from '@/utils/model/worker-client';
import { paperText, textHash } from '@/utils/background/embedding/text';
import type { ModelConfig, WorkerRequest } from '@/utils/model/types';
import { createFakeEmbedder } from '../helpers/fake-embedder';
import { settle } from '../helpers/related';

let n = 0;
describe('faults', () => {
  it('a full disk while storing embeddings: keyword results, a clear message, never stuck; retry recovers', async () => {
    const db = createDb(`faults-${n++}`);
    const embedder = createFakeEmbedder();
    const service = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    const spy = vi.spyOn(db.vectors, 'bulkPut').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'));
    const r = await settle(service);
    expect(r.signals).toEqual(['lexical']);
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.notice).toMatch(/out of storage space/);
    spy.mockRestore();
    service.retryModel();
    const after = await settle(service);
    expect(after.signals).toContain('semantic');
    expect(after.notice).toBeNull();
  });

  it('corrupt or wrong-length stored vectors are detected and recomputed, the rest reused', async () => {
    const db = createDb(`faults-${n++}`);
    const first = createFakeEmbedder();
    await createRelatedService({ db, embedder: first, corpus: CORPUS, corpusVersion: CORPUS_VERSION }).indexCorpus();
    const hashes = CORPUS.slice(0, 3).map((p) => textHash(paperText(p)));
    await db.vectors.update(['fake/model', hashes[0]], { data: new ArrayBuffer(7) });
    await db.vectors.update(['fake/model', hashes[1]], { dims: 0 });
    await db.vectors.delete(['fake/model', hashes[2]]);
    const second = createFakeEmbedder();
    await createRelatedService({ db, embedder: second, corpus: CORPUS, corpusVersion: CORPUS_VERSION }).indexCorpus();
    expect(second.embedded).toBe(3);
  });

  it('a worker that crashes mid-batch is restarted and the batch retried once', async () => {
    let made = 0;
    const config: ModelConfig = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'http://127.0.0.1:1/', wasmUrl: 'x', threads: 1, localPath: null };
    const client = createWorkerClient(() => {
      const crash = made++ === 0;
      const w = {
        onmessage: null as ((ev: MessageEvent) => void) | null,
        onerror: null as ((ev: ErrorEvent) => void) | null,
        postMessage(req: WorkerRequest) {
          setTimeout(() => {
            if (crash) w.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
            else w.onmessage?.({ data: { id: req.id, type: 'result', vectors: req.texts.map(() => new Float32Array([1])) } } as MessageEvent);
          }, 1);
        },
        terminate() {},
      };
      return w as unknown as Worker;
    }, () => undefined);
    const embedder = createRemoteEmbedder(config, (c, t) => client.embed(c, t));
    expect(await embedder.embed(['a', 'b'])).toHaveLength(2);
    expect(made).toBe(2);
    expect(embedder.state()).toEqual({ phase: 'ready' });
  });
});
