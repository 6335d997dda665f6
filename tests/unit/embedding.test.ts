import { describe, expect, it } from 'vitest';
import { createRemoteEmbedder, describeModelError } from '@/utils/background/embedding/remote-embedder';
import { createWorkerClient } from '@/utils/model/worker-client';
import { paperText, textHash, MAX_EMBED_CHARS } from '@/utils/background/embedding/text';
import { createNodeEmbedder } from '@/scripts/lib/node-embedder';
import { dot } from '@/utils/background/ranking/vectors';
import type { ModelConfig, WorkerRequest, WorkerResponse } from '@/utils/model/types';
import { TEST_MODEL_DIR } from '../../scripts/make-test-models';

const config: ModelConfig = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'http://127.0.0.1:1/', wasmUrl: 'x.wasm', threads: 1, localPath: null };

describe('paper text', () => {
  it('caps huge abstracts and hashes stably', () => {
    const text = paperText({ title: 'T', abstract: 'word '.repeat(300_000) });
    expect(text.length).toBe(MAX_EMBED_CHARS);
    expect(textHash('abc')).toBe(textHash('abc'));
    expect(textHash('abc')).not.toBe(textHash('abd'));
    // Published FNV-1a 64 values: the keys of vectors already stored stay valid.
    expect(textHash('')).toBe('cbf29ce484222325');
    expect(textHash('a')).toBe('af63dc4c8601ec8c');
    expect(textHash('hello')).toBe('a430d84680aabd0b');
    expect(textHash('Ünïcödé ∑ 数学')).toBe('932ffcbbf43b1685');
    expect(textHash('')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('remote embedder', () => {
  it('tracks download progress, readiness and failure with a readable message', async () => {
    let fail = true;
    const e = createRemoteEmbedder(config, async (_c, texts) => {
      if (fail) throw new Error('Failed to fetch');
      return texts.map(() => new Float32Array([1]));
    });
    expect(e.state()).toEqual({ phase: 'idle' });
    await expect(e.embed(['a'])).rejects.toThrow();
    expect(e.state()).toEqual({ phase: 'error', message: describeModelError('Failed to fetch', true, '127.0.0.1:1') });
    fail = false;
    await expect(e.embed(['a'])).rejects.toThrow(/Could not download/);
    e.reset();
    e.onProgress(5, 10);
    expect(e.state()).toEqual({ phase: 'downloading', loaded: 5, total: 10 });
    expect(await e.embed(['a', 'b'])).toHaveLength(2);
    expect(e.state()).toEqual({ phase: 'ready' });
  });
});

/** A Worker stand-in that answers like utils/model/embed.worker.ts, or crashes when told to. */
class FakeWorker {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private crash: boolean) {}
  postMessage(req: WorkerRequest) {
    setTimeout(() => {
      if (this.crash) {
        this.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
        return;
      }
      this.onmessage?.({ data: { type: 'progress', modelId: 'm', loaded: 1, total: 1 } } as MessageEvent<WorkerResponse>);
      this.onmessage?.({ data: { id: req.id, type: 'result', vectors: req.texts.map(() => new Float32Array([1, 0])) } } as MessageEvent<WorkerResponse>);
    }, 1);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('worker client', () => {
  it('fails pending requests when the worker crashes and starts a fresh one next time', async () => {
    const made: FakeWorker[] = [];
    const progress: number[] = [];
    const client = createWorkerClient(
      () => {
        const w = new FakeWorker(made.length === 0);
        made.push(w);
        return w as unknown as Worker;
      },
      (_model, loaded) => progress.push(loaded),
    );
    await expect(client.embed(config, ['a'])).rejects.toThrow(/crashed: boom/);
    expect(made[0].terminated).toBe(true);
    expect(await client.embed(config, ['a', 'b'])).toHaveLength(2);
    expect(made).toHaveLength(2);
    expect(progress).toEqual([1]);
  });
});

describe('generated test model through transformers.js', () => {
  it.each(['q8', 'fp32'] as const)('%s: loads via the real pipeline and makes texts sharing words similar', async (dtype) => {
    const e = await createNodeEmbedder({ modelDir: TEST_MODEL_DIR, modelId: 'Xenova/all-MiniLM-L6-v2', dtype });
    const [a, b, c] = await e.embed([
      'Product quantization for approximate nearest neighbor search',
      'Quantization of embeddings speeds up nearest neighbor search',
      'Autonomous driving world models and explainable safety',
    ]);
    expect(a).toHaveLength(128);
    expect(dot(a, a)).toBeCloseTo(1, 4);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.2);
  });
});
