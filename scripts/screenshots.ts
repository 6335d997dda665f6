/**
 * npm run screenshots: the panel on a bundled abstract page in light and dark, wide and narrow windows,
 * with the generated test model served locally. Writes artifacts/panel-<scheme>-<width>.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchExtension } from '../tests/helpers/extension';
import { fixtureHtml, LAYOUTS } from '../tests/helpers/fixture-pages';
import { startModelServer } from '../tests/helpers/model-server';
import { makeTestModels } from './make-test-models';

const out = resolve('artifacts');
mkdirSync(out, { recursive: true });
const server = await startModelServer(makeTestModels());
for (const scheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [
    ['wide', { width: 1280, height: 800 }],
    ['narrow', { width: 420, height: 900 }],
  ] as const) {
    const ext = await launchExtension({ colorScheme: scheme, viewport });
    await ext.setSettings({ modelHost: server.url });
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
    ext.pages.set('/abs/0704.0001', fixtureHtml(LAYOUTS.legacy));
    const page = await ext.context.newPage();
    for (const [name, url] of [
      ['classic', 'https://arxiv.org/abs/2304.09157v2'],
      ['offtopic', 'https://arxiv.org/abs/0704.0001'],
    ] as const) {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const panel = page.locator('arxiv-neighbors-panel');
      await panel.locator('.an-status').filter({ hasText: /Semantic|Keyword-only/ }).waitFor({ timeout: 60_000 });
      await panel.scrollIntoViewIfNeeded();
      const file = resolve(out, `panel-${name}-${scheme}-${label}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await ext.close();
  }
}
await server.close();
