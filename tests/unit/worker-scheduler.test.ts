// The model Worker's order of work (utils/model/scheduler.ts): a model being loaded — the one a switch
// is moving to — never holds the queries of the model in use; loads and inference each stay one at a time.
import { describe, expect, it } from 'vitest';
import { createScheduler } from '@/utils/model/scheduler';
import type { ModelConfig } from '@/utils/model/types';

const config = (modelId: string): ModelConfig => ({ modelId, dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'h', wasmUrl: 'w', threads: 1, localPath: null });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A fake model host: loads finish when told; every run is logged with the model it ran on. */
function host() {
  const loads = new Map<string, ReturnType<typeof deferred<string>>>();
  const models = new Map<string, Promise<string>>();
  const log: string[] = [];
  let running = 0;
  let overlapped = false;
  const schedule = createScheduler<string>({
    cached: (c) => models.get(c.modelId) ?? null,
    load: (c) => {
      const d = deferred<string>();
      loads.set(c.modelId, d);
      models.set(c.modelId, d.promise);
      log.push(`load ${c.modelId}`);
      return d.promise;
    },
    run: async (m, _c, texts) => {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 1));
      running--;
      log.push(`run ${m} ${texts.join(',')}`);
      return texts.map(() => new Float32Array([1]));
    },
  });
  return { schedule, loads, log, overlapped: () => overlapped };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('the model Worker’s scheduler', () => {
  it('answers the model in use while another model is still downloading', async () => {
    const h = host();
    const first = h.schedule(config('old'), ['warm-up']);
    await settle();
    h.loads.get('old')!.resolve('old');
    await first;
    // The switch's first batch arrives first, and its model's download does not finish during the test.
    const switching = h.schedule(config('new'), ['corpus paper']);
    const query = h.schedule(config('old'), ['never-seen paper']);
    await settle();
    expect(h.loads.has('new')).toBe(true);
    await expect(Promise.race([query.then(() => 'answered'), settle().then(() => 'still waiting')])).resolves.toBe('answered');
    h.loads.get('new')!.resolve('new');
    await switching;
    expect(h.log).toEqual(['load old', 'run old warm-up', 'load new', 'run old never-seen paper', 'run new corpus paper']);
  });

  it('runs one inference at a time, and one model’s requests in the order they came', async () => {
    const h = host();
    const runs = ['a', 'b', 'c'].map((t) => h.schedule(config('m'), [t]));
    await settle();
    h.loads.get('m')!.resolve('m');
    await Promise.all(runs);
    expect(h.log).toEqual(['load m', 'run m a', 'run m b', 'run m c']);
    expect(h.overlapped()).toBe(false);
  });

  it('loads one model at a time, and a failed load fails only its own requests', async () => {
    const h = host();
    const a = h.schedule(config('a'), ['x']);
    const b = h.schedule(config('b'), ['y']);
    await settle();
    expect(h.log).toEqual(['load a']);
    h.loads.get('a')!.reject(new Error('download failed'));
    await expect(a).rejects.toThrow('download failed');
    await settle();
    h.loads.get('b')!.resolve('b');
    await expect(b).resolves.toHaveLength(1);
  });
});
