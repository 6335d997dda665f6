/**
 * Chrome's offscreen document (reason WORKERS): hosts the embedding Worker so the model outlives the
 * service worker, which Chrome stops when idle. Answers only messages addressed to it (the offscreen
 * contract, utils/shared/messages/offscreen.ts), and only from the background.
 */
import { browser } from 'wxt/browser';
import { createWorkerClient } from '@/utils/model/worker-client';
import { startEmbedWorker } from '@/utils/model/worker-url';
import { parseOffscreenMessage } from '@/utils/shared/messages/offscreen';
import { sendToBackground } from '@/utils/shared/messages/client';
import { serve } from '@/utils/shared/messages/serve';
import { rawText } from '@/utils/shared/plain-errors';

const client = createWorkerClient(startEmbedWorker, (modelId, loaded, total) => {
  sendToBackground('reportModelProgress', { modelId, loaded, total }).catch(() => undefined);
});

serve({
  to: 'offscreen',
  parse: parseOffscreenMessage,
  // The background's messages have no tab and come from this extension; a page's never reach here.
  trusted: (sender) => sender.id === browser.runtime.id && !sender.tab,
  handle: async ({ payload }) => ({ vectors: (await client.embed(payload.config, payload.texts)).map((v) => Array.from(v)) }),
  // Raw on purpose: the background's embedder tells a restart from a model failure by it, then maps it to words.
  describe: rawText,
});
