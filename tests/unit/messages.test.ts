// The three message contracts (utils/shared/messages/): each accepts its valid messages, and each
// rejection below changes exactly one thing of a valid message, so deleting any one check turns a case red.
import { describe, expect, it, vi } from 'vitest';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';
import { parseOffscreenMessage } from '@/utils/shared/messages/offscreen';
import { parseTabMessage } from '@/utils/shared/messages/tab';
import { answerer } from '@/utils/shared/messages/serve';

const paper = { id: '2304.09157', version: 2, title: 'T', abstract: 'A', authors: ['X'], primarySubject: 'stat.ML', subjects: ['stat.ML'], submitted: ['2023-04-18'] };
const config = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'h', wasmUrl: 'w', threads: 2, localPath: null };
const toBackground = (name: string, payload: unknown) => ({ to: 'background', name, payload });
const embed = (cfg: Record<string, unknown>, texts: unknown = ['a text']) => ({ to: 'offscreen', name: 'embed', payload: { config: cfg, texts } });
const withoutKey = <T extends Record<string, unknown>>(o: T, key: keyof T) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('the background contract', () => {
  const valid: [string, unknown][] = [
    ['getRelated', { paper }],
    ['retryModel', {}],
    ['reportModelProgress', { modelId: 'm', loaded: 1, total: 2 }],
    ['dismissPaper', { forId: '2304.09157', paperId: '1706.03762' }],
    ['chooseModel', { modelId: 'Xenova/all-MiniLM-L6-v2' }],
  ];
  it.each(valid)('accepts %s', (name, payload) => {
    expect(parseBackgroundMessage(toBackground(name, payload))?.name).toBe(name);
  });

  it.each([
    ['not an object', 'getRelated'],
    ['addressed to the offscreen document', { ...toBackground('retryModel', {}), to: 'offscreen' }],
    ['with no recipient', withoutKey(toBackground('retryModel', {}), 'to')],
    ['an unknown name', toBackground('dropDatabase', {})],
    ['an inherited name', toBackground('toString', {})],
    ['a name of another contract', toBackground('embed', { config, texts: [] })],
    ['no payload', withoutKey(toBackground('getRelated', { paper }), 'payload')],
    ['an id with markup', toBackground('getRelated', { paper: { ...paper, id: '<img src=x>' } })],
    ['a negative version', toBackground('getRelated', { paper: { ...paper, version: -1 } })],
    ['authors not strings', toBackground('getRelated', { paper: { ...paper, authors: [{}] } })],
    ['an oversized abstract', toBackground('getRelated', { paper: { ...paper, abstract: 'x'.repeat(1_000_001) } })],
    ['extra keys on an empty payload', toBackground('retryModel', { x: 1 })],
    ['NaN progress', toBackground('reportModelProgress', { modelId: 'm', loaded: NaN, total: 2 })],
    ['a model the extension does not offer', toBackground('chooseModel', { modelId: 'evil/model' })],
    ['a dismissal of a paper id with markup', toBackground('dismissPaper', { forId: '2304.09157', paperId: '<b>' })],
  ])('rejects %s', (_label, message) => {
    expect(parseBackgroundMessage(message)).toBeNull();
  });
});

describe('the offscreen contract', () => {
  it('accepts a well-formed embed request', () => {
    expect(parseOffscreenMessage(embed(config))?.name).toBe('embed');
  });

  it.each([
    ['addressed to the background', { ...embed(config), to: 'background' }],
    ['too many threads', embed({ ...config, threads: 64 })],
    ['a dtype the model host does not run', embed({ ...config, dtype: 'int4' })],
    ['maxTokens missing', embed(withoutKey(config, 'maxTokens'))],
    ['maxTokens too small', embed({ ...config, maxTokens: 4 })],
    ['an extra config key', embed({ ...config, eval: 'x' })],
    ['too many texts', embed(config, Array.from({ length: 513 }, () => 't'))],
    ['a text that is not a string', embed(config, [1])],
  ])('rejects %s', (_label, message) => {
    expect(parseOffscreenMessage(message)).toBeNull();
  });
});

describe('the tab contract', () => {
  const valid = { to: 'tab', name: 'getPagePaper', payload: {} };
  it('accepts getPagePaper', () => expect(parseTabMessage(valid)?.name).toBe('getPagePaper'));
  it.each([
    ['addressed to the background', { ...valid, to: 'background' }],
    ['an unknown name', { ...valid, name: 'readCookies' }],
    ['a payload with a key', { ...valid, payload: { x: 1 } }],
    ['a payload that is not an object', { ...valid, payload: 'x' }],
    ['an array payload', { ...valid, payload: [] }],
  ])('rejects %s', (_label, message) => {
    expect(parseTabMessage(message)).toBeNull();
  });
});

describe('a recipient (serve)', () => {
  const own = { id: 'ext' } as const;
  const make = (handle = vi.fn(async (): Promise<unknown> => ({ n: 1 })), parse = vi.fn((m: unknown) => parseOffscreenMessage(m))) => ({
    handle,
    parse,
    listen: answerer({ to: 'offscreen', parse, trusted: (s) => s.id === 'ext', handle, describe: (e) => `said: ${(e as Error).message}` }),
  });

  it('stays silent on a message for someone else, and does not even validate it', () => {
    const r = make();
    const hugeImport = toBackground('importLibrary', { entries: Array.from({ length: 5000 }, () => ({ id: '2401.00001' })), kind: 'json' });
    expect(r.listen(hugeImport, own)).toBeUndefined();
    expect(r.parse).not.toHaveBeenCalled();
    expect(r.handle).not.toHaveBeenCalled();
  });

  it('answers a valid message with its value in an explicit envelope', async () => {
    expect(await make().listen(embed(config), own)).toEqual({ ok: true, value: { n: 1 } });
  });

  it('refuses an unknown sender, a malformed message, and says what a failing handler said', async () => {
    expect(await make().listen(embed(config), { id: 'someone-else' })).toEqual({ ok: false, error: 'Unknown sender.' });
    expect(await make().listen(embed({ ...config, threads: 64 }), own)).toEqual({ ok: false, error: 'Malformed message.' });
    const failing = make(vi.fn(async (): Promise<unknown> => Promise.reject(new Error('no model'))));
    expect(await failing.listen(embed(config), own)).toEqual({ ok: false, error: 'said: no model' });
  });

  it('an answer whose value has an `error` field is still a value', async () => {
    const r = make(vi.fn(async (): Promise<unknown> => ({ error: 'a field of the answer' })));
    expect(await r.listen(embed(config), own)).toEqual({ ok: true, value: { error: 'a field of the answer' } });
  });
});
