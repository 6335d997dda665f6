/**
 * Chrome: the model runs in a Worker of an offscreen document, created on first use and created again
 * on the first request after Chrome (or anything) closed it. A request the closing interrupted fails
 * with the channel's error; the embedder sends it again (remote-embedder.ts, RESTART_RETRY_MS).
 */
import { browser } from 'wxt/browser';
import type { EmbedTransport } from './remote-embedder';
import { sendToOffscreen } from '../../shared/messages/client';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

async function ensureOffscreen(): Promise<void> {
  // Untyped on purpose: WXT's generated path types follow the last build, and Firefox builds have no offscreen page.
  const url = (browser.runtime.getURL as (path: string) => string)(OFFSCREEN_PATH);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (contexts.length > 0) return;
  creating ??= browser.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: ['WORKERS'], justification: 'Runs the embedding model in a Web Worker.' })
    .catch((e: unknown) => {
      // A concurrent creation from a previous service-worker life is fine; anything else is not.
      if (!String(e).includes('single offscreen')) throw e;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/**
 * Sends texts to the offscreen document's Worker. Errors keep their raw text (not the message client's
 * words): the embedder needs it to tell a restart from a download or model failure, and maps it itself.
 */
export const offscreenTransport: EmbedTransport = async (config, texts) => {
  await ensureOffscreen();
  const { vectors } = await sendToOffscreen('embed', { config, texts });
  return vectors.map((v) => Float32Array.from(v));
};
