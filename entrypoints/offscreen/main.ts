/**
 * Chrome's offscreen document (reason WORKERS): hosts the embedding Worker so the model outlives the
 * service worker, which Chrome stops when idle. Answers only `embedInOffscreen` from the background.
 */
import { browser } from 'wxt/browser';
import { createWorkerClient } from '@/utils/model/worker-client';
import { startEmbedWorker } from '@/utils/model/worker-url';
import { parseEnvelope } from '@/utils/shared/messages/protocol';

const client = createWorkerClient(
  startEmbedWorker,
  (modelId, loaded, total) => {
    browser.runtime.sendMessage({ name: 'reportModelProgress', payload: { modelId, loaded, total } }).catch(() => undefined);
  },
);

browser.runtime.onMessage.addListener((message: unknown, sender) => {
  const env = parseEnvelope(message);
  if (!env || env.name !== 'embedInOffscreen' || sender.id !== browser.runtime.id || sender.tab) return undefined;
  const { config, texts } = env.payload as { config: Parameters<typeof client.embed>[0]; texts: string[] };
  return client.embed(config, texts).then(
    (vectors) => ({ vectors: vectors.map((v) => Array.from(v)) }),
    (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
  );
});
