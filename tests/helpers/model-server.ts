/**
 * Serves generated test models at the Hugging Face hub's URL layout (`/{model}/resolve/main/{file}`)
 * on 127.0.0.1, with CORS open, as the offscreen document's Worker fetches them directly
 * (Playwright routes do not see those requests).
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { TEST_MODEL_DIR } from '../../scripts/make-test-models';
import { launchExtension, type ExtensionSession } from './extension';

export interface ModelServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Holds back answers to paths matching `pattern` until the returned function is called. */
  hold(pattern: RegExp): () => void;
  close(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startModelServer(dir: string): Promise<ModelServer> {
  const requests: string[] = [];
  const holds: { pattern: RegExp; released: Promise<void> }[] = [];
  const server: Server = createServer(async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    for (const h of holds) if (h.pattern.test(path)) await h.released;
    const m = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(path);
    const file = m ? normalize(join(dir, m[1], m[2])) : '';
    if (!m || !file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Length', statSync(file).size);
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    hold(pattern) {
      let release!: () => void;
      holds.push({ pattern, released: new Promise<void>((r) => (release = r)) });
      return release;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A fresh browser whose model host is a local server of the generated test models. */
export async function launchWithTestModels(): Promise<{ ext: ExtensionSession; models: ModelServer }> {
  const models = await startModelServer(TEST_MODEL_DIR);
  const ext = await launchExtension();
  await ext.setSettings({ modelHost: models.url });
  return { ext, models };
}
