/**
 * The background: validates every message, owns the database and the related-papers service, and
 * forwards embedding work to the model host (offscreen document on Chrome, a Worker on Firefox).
 */
import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '@/utils/db/schema';
import { CORPUS, CORPUS_VERSION } from '@/utils/corpus/corpus-data';
import { modelInfo } from '@/utils/embedding/models';
import { createRemoteEmbedder, type EmbedTransport, type RemoteEmbedder } from '@/utils/embedding/remote-embedder';
import { offscreenTransport } from '@/utils/embedding/offscreen-transport';
import { createWorkerTransport } from '@/utils/embedding/worker-transport';
import { createRelatedService, type RelatedService } from '@/utils/related/service';
import { parseEnvelope, type Envelope, type ErrorResponse, type Response } from '@/utils/messaging/protocol';
import { loadSettings, type Settings } from '@/utils/settings';
import { ORT_WASM_PATH } from '@/utils/embedding/ort';
import { isArxivHost } from '@/utils/arxiv/ids';

/** getURL for files added by the build hook, which WXT's generated path types do not list. */
const extensionUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);

export default defineBackground({
  type: 'module',
  main() {
    const db = createDb();
    let embedder: RemoteEmbedder | null = null;
    let service: RelatedService | null = null;
    let serviceKey = '';

    const transport: EmbedTransport = import.meta.env.FIREFOX
      ? createWorkerTransport(
          () => new Worker(new URL('../offscreen/embed.worker.ts', import.meta.url), { type: 'module' }),
          (loaded, total) => embedder?.onProgress(loaded, total),
        )
      : offscreenTransport;

    /** The service for the current settings; a changed model or host gets a fresh one. */
    async function currentService(): Promise<RelatedService> {
      const settings: Settings = await loadSettings();
      const key = `${settings.modelId}@${settings.modelHost}`;
      if (!service || key !== serviceKey) {
        const info = modelInfo(settings.modelId);
        embedder = createRemoteEmbedder(
          { modelId: info.id, dtype: info.dtype, remoteHost: settings.modelHost, wasmUrl: extensionUrl(ORT_WASM_PATH) },
          transport,
        );
        service = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION, calibration: info.calibration });
        serviceKey = key;
      }
      return service;
    }

    /** Only this extension's pages and its content scripts on arXiv may talk to the background. */
    function trusted(sender: Browser.runtime.MessageSender): boolean {
      if (sender.id !== browser.runtime.id) return false;
      if (!sender.tab) return true;
      try {
        return sender.url !== undefined && isArxivHost(new URL(sender.url));
      } catch {
        return false;
      }
    }

    async function handle(env: Envelope, sender: Browser.runtime.MessageSender): Promise<unknown> {
      switch (env.name) {
        case 'getRelated':
          return (await currentService()).getRelated((env as Envelope<'getRelated'>).payload.paper) satisfies Promise<Response<'getRelated'>>;
        case 'retryModel':
          (await currentService()).retryModel();
          return { ok: true } satisfies Response<'retryModel'>;
        case 'getStats':
          return (await currentService()).stats();
        case 'reportModelProgress': {
          if (sender.tab) return { error: 'not allowed' } satisfies ErrorResponse;
          const { loaded, total } = (env as Envelope<'reportModelProgress'>).payload;
          embedder?.onProgress(loaded, total);
          return { ok: true } satisfies Response<'reportModelProgress'>;
        }
        case 'embedInOffscreen':
          // Addressed to the offscreen document; the background stays silent so that document answers.
          return undefined;
      }
    }

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      const env = parseEnvelope(message);
      if (env?.name === 'embedInOffscreen') return undefined;
      if (!trusted(sender)) return Promise.resolve({ error: 'Unknown sender.' } satisfies ErrorResponse);
      if (!env) return Promise.resolve({ error: 'Malformed message.' } satisfies ErrorResponse);
      return handle(env, sender).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }) satisfies ErrorResponse);
    });
  },
});
