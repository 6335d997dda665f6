import { describe, expect, it, vi } from 'vitest';
import { chooseTransport } from '@/utils/background/embedding/transport';
import type { ModelConfig, WorkerRequest } from '@/utils/model/types';

const config: ModelConfig = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'http://127.0.0.1:1/', wasmUrl: 'x', threads: 1, localPath: null };

describe('per-browser model host', () => {
  it('Chrome uses the offscreen document and starts no Worker of its own', async () => {
    const makeWorker = vi.fn();
    const offscreen = vi.fn(async (_c: ModelConfig, texts: string[]) => texts.map(() => new Float32Array([1])));
    const t = chooseTransport({ firefox: false, makeWorker, onProgress: vi.fn(), offscreen });
    expect(await t(config, ['a'])).toHaveLength(1);
    expect(offscreen).toHaveBeenCalledOnce();
    expect(makeWorker).not.toHaveBeenCalled();
  });

  it('Firefox runs the embedding Worker from the background page, once, with progress forwarded', async () => {
    const onProgress = vi.fn();
    const makeWorker = vi.fn(() => {
      const w = {
        onmessage: null as ((ev: MessageEvent) => void) | null,
        onerror: null,
        postMessage(req: WorkerRequest) {
          queueMicrotask(() => {
            w.onmessage?.({ data: { type: 'progress', modelId: 'm', loaded: 5, total: 10 } } as MessageEvent);
            w.onmessage?.({ data: { id: req.id, type: 'result', vectors: req.texts.map(() => new Float32Array([0, 1])) } } as MessageEvent);
          });
        },
        terminate() {},
      };
      return w as unknown as Worker;
    });
    const offscreen = vi.fn();
    const t = chooseTransport({ firefox: true, makeWorker, onProgress, offscreen });
    expect(await t(config, ['a', 'b'])).toHaveLength(2);
    expect(await t(config, ['c'])).toHaveLength(1);
    expect(makeWorker).toHaveBeenCalledOnce();
    expect(onProgress).toHaveBeenCalledWith('m', 5, 10);
    expect(offscreen).not.toHaveBeenCalled();
  });
});
