import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '@/utils/shared/messages/protocol';

const paper = { id: '2304.09157', version: 2, title: 'T', abstract: 'A', authors: ['X'], primarySubject: 'stat.ML', subjects: ['stat.ML'], submitted: ['2023-04-18'] };
/** A valid embedInOffscreen config: each rejection below changes exactly one of its fields. */
const config = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'h', wasmUrl: 'w', threads: 2, localPath: null };

describe('parseEnvelope', () => {
  it('accepts well-formed messages', () => {
    expect(parseEnvelope({ name: 'getRelated', payload: { paper } })?.name).toBe('getRelated');
    expect(parseEnvelope({ name: 'retryModel', payload: {} })?.name).toBe('retryModel');
    expect(parseEnvelope({ name: 'reportModelProgress', payload: { modelId: 'm', loaded: 1, total: 2 } })?.name).toBe('reportModelProgress');
    expect(parseEnvelope({ name: 'embedInOffscreen', payload: { config, texts: [] } })?.name).toBe('embedInOffscreen');
    expect(parseEnvelope({ name: 'dismissPaper', payload: { forId: '2304.09157', paperId: '1706.03762' } })?.name).toBe('dismissPaper');
  });

  it.each([
    ['not an object', 'getRelated'],
    ['unknown name', { name: 'dropDatabase', payload: {} }],
    ['inherited name', { name: 'toString', payload: {} }],
    ['missing payload', { name: 'getRelated' }],
    ['id with markup', { name: 'getRelated', payload: { paper: { ...paper, id: '<img src=x>' } } }],
    ['negative version', { name: 'getRelated', payload: { paper: { ...paper, version: -1 } } }],
    ['authors not strings', { name: 'getRelated', payload: { paper: { ...paper, authors: [{}] } } }],
    ['oversized abstract', { name: 'getRelated', payload: { paper: { ...paper, abstract: 'x'.repeat(1_000_001) } } }],
    ['extra keys on empty payload', { name: 'retryModel', payload: { x: 1 } }],
    ['NaN progress', { name: 'reportModelProgress', payload: { modelId: 'm', loaded: NaN, total: 1 } }],
    ['a model the extension does not offer', { name: 'chooseModel', payload: { modelId: 'evil/model' } }],
    ['too many threads', { name: 'embedInOffscreen', payload: { config: { ...config, threads: 64 }, texts: [] } }],
    ['a dtype the model host does not run', { name: 'embedInOffscreen', payload: { config: { ...config, dtype: 'int4' }, texts: [] } }],
    ['maxTokens missing', { name: 'embedInOffscreen', payload: { config: (({ maxTokens: _, ...rest }) => rest)(config), texts: [] } }],
    ['a dismissal of a paper id with markup', { name: 'dismissPaper', payload: { forId: '2304.09157', paperId: '<b>' } }],
  ])('rejects %s', (_label, message) => {
    expect(parseEnvelope(message)).toBeNull();
  });
});
