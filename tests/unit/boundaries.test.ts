// The context boundaries (UI code never reaches IndexedDB, the model or the background's validators) are
// enforced by the lint rules of eslint.config.js; these checks make sure the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.message);
}

describe('boundary lint rules', () => {
  it('content script, popup and components may not import the database or the embedder', async () => {
    for (const file of ['entrypoints/arxiv.content/probe.ts', 'components/Probe.tsx', 'entrypoints/popup/probe.ts']) {
      expect((await messages("import { createDb } from '@/utils/db/schema';\nexport const d = createDb;\n", file)).join()).toMatch(/IndexedDB belongs to the background/);
      expect((await messages("import { embedTexts } from '@/utils/embedding/transformers-embedder';\nexport const e = embedTexts;\n", file)).join()).toMatch(/model lives in the background/);
    }
  });

  it('only utils/embedding imports transformers.js', async () => {
    const code = "import { env } from '@huggingface/transformers';\nexport const e = env;\n";
    expect((await messages(code, 'entrypoints/background/probe.ts')).join()).toMatch(/Only utils\/embedding/);
    expect(await messages(code, 'utils/embedding/probe.ts')).toEqual([]);
  });

  it('page text is never rendered as HTML', async () => {
    expect((await messages('export function f(el: Element, s: string) { el.innerHTML = s; }\n', 'components/probe.ts')).join()).toMatch(/never as HTML/);
    expect((await messages('export const X = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;\n', 'components/Probe.tsx')).join()).toMatch(/never as HTML/);
  });
});
