/**
 * Model delivery on the built extension: switching models in the options page keeps the old model's
 * results until the new one has embedded the corpus; an offline start gives keyword results and says
 * so; a build with a bundled model (npm run model:bundle) ranks semantically with the hub unreachable.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, openExtensionPage, sendFrom, waitForStatus, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, devPaperRoute, UNREACHABLE_HOST } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { offlineSuite } from '../helpers/offline';
import { until } from '../helpers/wait';
import { userEnv } from '../helpers/user-env';
import { panelOf } from '../helpers/closed-root';
import { SWITCH_TEST_MODEL_ID, TEST_MODEL_DIR } from '../../scripts/make-test-models';
import { DEFAULT_MODEL_ID } from '@/utils/shared/models';
import type { ModelStatus } from '@/utils/background/related/model-manager';

const PAGE = 'https://arxiv.org/abs/2304.09157v2';
const ROOT = resolve(import.meta.dirname, '../..');

describe('choosing another model', () => {
  let ext: ExtensionSession;
  let models: ModelServer;

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it('re-embeds the corpus in the background while the old model keeps answering, then takes over', async () => {
    const page = await ext.context.newPage();
    await page.goto(PAGE);
    await waitForStatus(page, /topic and shared words/);

    // The new model's files are held back: the switch cannot complete yet.
    const release = models.hold(new RegExp(SWITCH_TEST_MODEL_ID));
    const library = await openExtensionPage(ext, 'library.html');
    await library.locator('#model-settings summary').click();
    await library.locator('input[name="model"][value="Xenova/gte-small"]').check();
    await library.locator('#model-status', { hasText: 'Switching to gte-small' }).waitFor();

    await page.reload();
    await waitForStatus(page, /topic and shared words/);
    // A paper never seen before needs its own embedding from the model in use while the new model's
    // download is held: one queue for both models would keep it waiting behind that download.
    const unseen = devQueries().find((q) => q.id === 'q07')!;
    ext.pages.set(...devPaperRoute(unseen, 'A. Author'));
    const before = (await ext.readMeta<Record<string, number>>('embeddedTexts'))?.[DEFAULT_MODEL_ID] ?? 0;
    const fresh = await ext.context.newPage();
    await fresh.goto(`https://arxiv.org/abs/${unseen.arxiv_id}`);
    await waitForStatus(fresh, /topic and shared words/, 30_000);
    expect((await ext.readMeta<Record<string, number>>('embeddedTexts'))?.[DEFAULT_MODEL_ID]).toBe(before + 1);
    await fresh.close();
    const during = await sendFrom<ModelStatus>(library, 'getModelStatus', {});
    expect(during.active.modelId).toBe(DEFAULT_MODEL_ID);
    expect(during.switching?.modelId).toBe(SWITCH_TEST_MODEL_ID);

    release();
    const after = await until(
      () => sendFrom<ModelStatus>(library, 'getModelStatus', {}),
      (s) => s.active.modelId === SWITCH_TEST_MODEL_ID,
    );
    expect(after.switching).toBeNull();
    await library.locator('#model-status', { hasText: 'In use: gte-small' }).waitFor();
    const counts = await ext.readMeta<Record<string, number>>('embeddedTexts');
    expect(counts?.[SWITCH_TEST_MODEL_ID]).toBeGreaterThanOrEqual(70);
    await page.reload();
    await waitForStatus(page, /topic and shared words/);
    await library.close();
    await page.close();
  });
});

describe('an offline start', () => {
  const offline = offlineSuite(launchExtension, [['/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic)]]);

  it('shows keyword results at once and says that the model could not be downloaded', async () => {
    const page = await offline.session.context.newPage();
    await page.goto(PAGE);
    const panel = panelOf(page);
    await panel.waitFor('.an-row', { timeout: 5_000 });
    expect((await panel.waitFor('.an-note', { timeout: 30_000 })).text).toMatch(/download the (embedding )?model|offline|reach/i);
    expect(await panel.text('.an-status')).toBe('Ranked by shared words only.');
    expect(await panel.count('.an-row')).toBeGreaterThan(0);
    await page.close();
  });
});

describe('a build with the model bundled (npm run model:bundle)', () => {
  let work: string;
  let ext: ExtensionSession;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-bundle-'));
    const publicDir = join(work, 'public');
    cpSync(join(ROOT, 'public'), publicDir, { recursive: true, filter: (src) => !src.includes(`${join('public', 'models')}`) });
    const run = (args: string[], env: Record<string, string> = {}) =>
      execFileSync('npx', args, { cwd: ROOT, env: { ...userEnv(), ...env }, stdio: 'pipe', encoding: 'utf8' });
    run(['tsx', 'scripts/model-bundle.ts', join(TEST_MODEL_DIR, DEFAULT_MODEL_ID), '--public', publicDir]);
    run(['wxt', 'build'], { NEIGHBORS_PUBLIC_DIR: publicDir, NEIGHBORS_OUT_DIR: join(work, 'out') });
    ext = await launchExtension({ dist: join(work, 'out', 'chrome-mv3') });
    // The hub (or any mirror) cannot be reached: only the bundled files can make results semantic.
    await ext.setSettings({ modelHost: UNREACHABLE_HOST });
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
  }, 240_000);

  afterAll(async () => {
    await ext?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('ranks semantically with the model loaded from the extension itself', async () => {
    const page = await ext.context.newPage();
    await page.goto(PAGE);
    await waitForStatus(page, /topic and shared words/);
    const counts = await ext.readMeta<Record<string, number>>('embeddedTexts');
    expect(counts?.[DEFAULT_MODEL_ID]).toBeGreaterThanOrEqual(70);
    await page.close();
  });
});
