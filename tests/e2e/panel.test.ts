import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, stopServiceWorkers, waitForStatus, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, pageWithPaper, devPaperRoute } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { offlineSuite } from '../helpers/offline';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { SURFACE, panelOf } from '../helpers/closed-root';

const PANEL = SURFACE.panel;
const queries = devQueries();
const gptq = queries[0];
const simclr = queries.find((q) => q.id === 'q13')!;
const clip = queries.find((q) => q.id === 'q07')!;
// A corpus paper with several close neighbours, so "not listed as related to itself" is checked on a full list.
const ownPaper = CORPUS.find((p) => p.id === '2102.05918')!;

describe('panel on arXiv abstract pages, test model served', () => {
  let ext: ExtensionSession;
  let models: ModelServer;

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    // Papers with judged neighbours in the corpus, in the layouts of the fixtures.
    ext.pages.set(...devPaperRoute(simclr, 'Ting Chen', 'v3'));
    ext.pages.set(`/abs/${clip.arxiv_id}`, pageWithPaper('ds2026', { id: clip.arxiv_id, title: clip.title, abstract: clip.abstract, authors: ['Alec Radford'] }));
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
    // The legacy fixture as it is: a hep-ph paper, related to nothing in the collection.
    ext.pages.set('/abs/0704.0001', fixtureHtml(LAYOUTS.legacy));
    ext.pages.set(`/abs/${gptq.arxiv_id}`, pageWithPaper('legacy', { id: gptq.arxiv_id, title: gptq.title, abstract: gptq.abstract, authors: ['Elias Frantar'] }));
    ext.pages.set(`/abs/${ownPaper.id}v2`, pageWithPaper('classic', { id: ownPaper.id, title: ownPaper.title, abstract: ownPaper.abstract, authors: ['Chao Jia'] }));
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it.each([
    ['classic layout', `https://arxiv.org/abs/${simclr.arxiv_id}v3`],
    ['2026 layout', `https://arxiv.org/abs/${clip.arxiv_id}`],
    ['legacy layout', `https://arxiv.org/abs/${gptq.arxiv_id}`],
  ])('%s: the panel lists related corpus papers and turns semantic', async (_name, url) => {
    const page = await ext.context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-row .an-title', { timeout: 30_000 });
    // The panel sits in the right column, not in the paper's text, and says what it read the page from.
    expect(await page.locator(`.extra-services ${PANEL}`).count()).toBe(1);
    expect(await page.locator(PANEL).getAttribute('data-sources')).toMatch(/^id:(meta|selector|url) title:\w+ abstract:\w+ authors:\w+$/);
    const status = await waitForStatus(page, /topic and shared words/);
    expect(status).toBe('Ranked on your device by topic and shared words.');
    const hrefs = (await panel.all('.an-row .an-title')).map((a) => a.href);
    expect(hrefs.length).toBeGreaterThanOrEqual(1);
    expect(hrefs.length).toBeLessThanOrEqual(5);
    const corpusIds = new Set(CORPUS.map((p) => p.id));
    for (const href of hrefs) {
      const m = /^https:\/\/arxiv\.org\/abs\/(.+)$/.exec(href);
      expect(m && corpusIds.has(m[1]), href).toBe(true);
    }
    // Each row says how related in words, and why: distinctive shared phrases or a similar topic.
    expect(await panel.text('.an-level')).toMatch(/^(Very close|Related)$/);
    expect(await panel.text('.an-reason')).toMatch(/^(Shared: |Similar topic)/);
    await page.close();
  });

  it('sits after arXiv’s Access Paper links without moving the paper, on wide and narrow windows, and is reachable by keyboard', async () => {
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}v3`, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-title');
    const abstractBox = () => page.locator('blockquote.abstract').boundingBox();
    const withPanel = await abstractBox();
    await page.evaluate((sel) => document.querySelector(sel)?.setAttribute('hidden', ''), PANEL);
    expect(await abstractBox()).toEqual(withPanel);
    await page.evaluate((sel) => document.querySelector(sel)?.removeAttribute('hidden'), PANEL);

    // Right after "Access Paper" in every window size (arXiv moves that column under the abstract on narrow ones).
    const afterLinks = () => page.evaluate((p) => document.querySelector('.extra-services .full-text')?.nextElementSibling?.matches(p) ?? false, PANEL);
    for (const width of [480, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await afterLinks()).toBe(true);
    }

    // Every control is a native link or button, so it takes focus and a real Tab moves to the next one.
    await panel.focus('.an-title');
    expect((await panel.all('.an-title'))[0].focused).toBe(true);
    await page.keyboard.press('Tab');
    // Focus stays inside the panel (on its next control); the page sees only the host as active.
    expect(await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, PANEL)).toBe(true);
    await page.close();
  });

  it('a corpus paper’s own page lists its judged neighbours and never the paper itself (versioned URL)', async () => {
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${ownPaper.id}v2`);
    await waitForStatus(page, /topic and shared words/);
    const panel = panelOf(page);
    if (await panel.count('.an-more')) await panel.click('.an-more');
    await expect.poll(() => panel.count('.an-title')).toBeGreaterThan(5);
    const hrefs = (await panel.all('.an-title')).map((a) => a.href);
    expect(hrefs.length).toBeGreaterThan(5);
    expect(hrefs).not.toContain(`https://arxiv.org/abs/${ownPaper.id}`);
    // ALIGN and ViLLA are both judged clearly relevant to CLIP (dev set): neighbours of each other.
    const villa = CORPUS.find((p) => p.id === '2308.11194')!;
    expect(hrefs.slice(0, 3)).toContain(`https://arxiv.org/abs/${villa.id}`);
    await page.close();
  });

  it('shows the "no closely related papers" state on an off-topic page (hep-ph)', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/0704.0001');
    const panel = panelOf(page);
    expect((await panel.waitFor('.an-empty')).text).toMatch(/No closely related papers/);
    expect(await panel.count('.an-row')).toBe(0);
    await page.close();
  });

  it('keeps stored vectors across a stopped service worker: the corpus is not embedded again', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/2304.09157v2');
    await waitForStatus(page, /topic and shared words/);
    const before = await ext.readMeta<Record<string, number>>('embeddedTexts');
    const modelFetches = models.requests.length;
    expect(before?.['Xenova/all-MiniLM-L6-v2']).toBeGreaterThanOrEqual(70);

    const old = await ext.serviceWorker();
    await old.evaluate(() => Object.assign(globalThis, { beforeStop: true }));
    await stopServiceWorkers(page);
    await page.reload();
    await waitForStatus(page, /topic and shared words/);
    const restarted = await ext.serviceWorker();
    expect(await restarted.evaluate(() => 'beforeStop' in globalThis)).toBe(false);
    expect(await ext.readMeta<Record<string, number>>('embeddedTexts')).toEqual(before);
    expect(models.requests.length).toBe(modelFetches);
    await page.close();
  });
});

describe('panel with the model hub unreachable', () => {
  const offline = offlineSuite(launchExtension, [devPaperRoute(simclr, 'Ting Chen', 'v3')]);

  it('keeps keyword results and says why, with a retry', async () => {
    const page = await offline.session.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}v3`);
    const panel = panelOf(page);
    expect((await panel.waitFor('.an-note', { timeout: 30_000 })).text).toMatch(/download the (embedding )?model|reach/i);
    expect(await panel.text('.an-status')).toBe('Ranked by shared words only.');
    expect(await panel.count('.an-row')).toBeGreaterThan(0);
    expect((await panel.all('button', { hasText: 'Try loading the model again' }))[0]?.visible).toBe(true);
    await page.close();
  });
});
