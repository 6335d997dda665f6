/** A suite's browser session whose model host never answers (as offline), for Chromium and Firefox alike. */
import { afterAll, beforeAll } from 'vitest';
import { UNREACHABLE_HOST } from './fixture-pages';

interface Session {
  setSettings(settings: { modelHost: string }): Promise<void>;
  pages: Map<string, string>;
  close(): Promise<void>;
}

/** Launched before the suite's tests with `routes` served, closed after them. */
export function offlineSuite<S extends Session>(launch: () => Promise<S>, routes: [string, string][]): { readonly session: S } {
  let session: S | undefined;
  beforeAll(async () => {
    session = await launch();
    await session.setSettings({ modelHost: UNREACHABLE_HOST });
    for (const [path, html] of routes) session.pages.set(path, html);
  });
  afterAll(async () => {
    await session?.close();
  });
  return {
    get session(): S {
      if (!session) throw new Error('the offline session did not start');
      return session;
    },
  };
}
