// Folders are contexts (README, "Where things are"): the zones of eslint.config.js say what each folder
// may not import. These checks make sure each zone bites, and that what it allows stays allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.message);
}
const use = (spec: string, name = 'x') => `import { ${name} } from '${spec}';\nexport const y = ${name};\n`;
const useType = (spec: string) => `import type { X } from '${spec}';\nexport type Y = X;\n`;

const PAGE_FILES = ['entrypoints/arxiv.content/probe.ts', 'components/Probe.tsx', 'entrypoints/popup/probe.ts', 'entrypoints/library/probe.ts', 'utils/ui/probe.ts'];

describe('context zones (lint)', () => {
  it('pages and their components reach neither the database, the model, nor the validators', async () => {
    for (const file of PAGE_FILES) {
      expect((await messages(use('@/utils/background/db/schema'), file)).join(), file).toMatch(/runs in the service worker/);
      expect((await messages(use('@/utils/model/transformers-embedder'), file)).join(), file).toMatch(/runs where the model runs/);
      expect((await messages(use('dexie'), file)).join(), file).toMatch(/IndexedDB belongs to the background/);
      expect((await messages(use('valibot'), file)).join(), file).toMatch(/Validation runs in the recipient/);
      expect((await messages(use('@/utils/shared/messages/background'), file)).join(), file).toMatch(/Import the contract's types only/);
    }
  });

  it('a type crosses zones (it leaves no code in the build); shared code is open to everyone', async () => {
    for (const file of PAGE_FILES) {
      expect(await messages(useType('@/utils/background/library/service'), file), file).toEqual([]);
      expect(await messages(useType('@/utils/shared/messages/background'), file), file).toEqual([]);
      expect(await messages(use('@/utils/shared/arxiv/ids'), file), file).toEqual([]);
    }
  });

  it('shared code depends on no context', async () => {
    const file = 'utils/shared/probe.ts';
    expect((await messages(use('../background/db/schema'), file)).join()).toMatch(/runs in the service worker/);
    expect((await messages(use('../model/worker-client'), file)).join()).toMatch(/runs where the model runs/);
    expect((await messages(use('../ui/theme'), file)).join()).toMatch(/page code/);
    expect((await messages(use('@/components/RelatedRow'), file)).join()).toMatch(/page code/);
    expect((await messages(use('dexie'), file)).join()).toMatch(/IndexedDB belongs to the background/);
    expect(await messages(use('valibot'), file)).toEqual([]);
  });

  it('the background reaches the model only to host its Worker (Firefox), and never page code', async () => {
    const file = 'utils/background/embedding/probe.ts';
    expect((await messages(use('../../model/transformers-embedder'), file)).join()).toMatch(/runs where the model runs/);
    expect(await messages(use('../../model/worker-client'), file)).toEqual([]);
    expect((await messages(use('../../ui/theme'), file)).join()).toMatch(/page code/);
    expect((await messages(use('@/components/RelatedRow'), file)).join()).toMatch(/page code/);
  });

  it('the model host reaches neither the database nor the background', async () => {
    for (const file of ['utils/model/probe.ts', 'entrypoints/offscreen/probe.ts']) {
      expect((await messages(use('@/utils/background/db/schema'), file)).join(), file).toMatch(/runs in the service worker/);
      expect((await messages(use('dexie'), file)).join(), file).toMatch(/IndexedDB belongs to the background/);
    }
  });

  it('an entrypoint never imports another one', async () => {
    expect((await messages(use('../offscreen/main'), 'entrypoints/background/probe.ts')).join()).toMatch(/An entrypoint is wired/);
    expect((await messages(use('../background/index'), 'entrypoints/popup/probe.ts')).join()).toMatch(/An entrypoint is wired/);
    expect((await messages(use('@/entrypoints/popup/current-paper'), 'utils/shared/probe.ts')).join()).toMatch(/An entrypoint is wired/);
  });

  it('only utils/model imports transformers.js; Node and the tooling stay out of the product', async () => {
    expect((await messages(use('@huggingface/transformers', 'env'), 'entrypoints/background/probe.ts')).join()).toMatch(/Only utils\/model/);
    expect((await messages(use('@huggingface/transformers', 'env'), 'utils/background/probe.ts')).join()).toMatch(/Only utils\/model/);
    expect(await messages(use('@huggingface/transformers', 'env'), 'utils/model/probe.ts')).toEqual([]);
    for (const file of ['utils/shared/probe.ts', 'utils/background/probe.ts', 'entrypoints/popup/probe.ts']) {
      expect((await messages(use('node:fs', 'readFileSync'), file)).join(), file).toMatch(/Node built-ins/);
      expect((await messages(use('@/scripts/lib/metrics'), file)).join(), file).toMatch(/Node tooling/);
    }
    expect(await messages(use('node:fs', 'readFileSync'), 'scripts/probe.ts')).toEqual([]);
  });

  it('page text is never rendered as HTML', async () => {
    expect((await messages('export function f(el: Element, s: string) { el.innerHTML = s; }\n', 'components/probe.ts')).join()).toMatch(/never as HTML/);
    expect((await messages('export const X = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;\n', 'components/Probe.tsx')).join()).toMatch(/never as HTML/);
  });
});
