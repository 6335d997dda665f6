/**
 * The model's Worker, started by whoever hosts the model: the offscreen document on Chrome, the
 * background page on Firefox. One place names the file, so Vite bundles one worker chunk for both.
 */
export function startEmbedWorker(): Worker {
  return new Worker(new URL('./embed.worker.ts', import.meta.url), { type: 'module' });
}
