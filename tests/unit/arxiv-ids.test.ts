import { describe, expect, it } from 'vitest';
import { idFromAbsUrl, parseArxivId } from '@/utils/shared/arxiv/ids';

describe('parseArxivId', () => {
  it.each([
    ['2304.09157v2', { id: '2304.09157', version: 2 }],
    ['2304.09157', { id: '2304.09157', version: null }],
    ['arXiv:0704.0001', { id: '0704.0001', version: null }],
    ['ARXIV: 1501.00001v10', { id: '1501.00001', version: 10 }],
    ['hep-th/9901001v3', { id: 'hep-th/9901001', version: 3 }],
    ['math.AG/0309136', { id: 'math.AG/0309136', version: null }],
    ['physics/9403001', { id: 'physics/9403001', version: null }],
  ])('%s', (raw, expected) => {
    expect(parseArxivId(raw)).toEqual(expected);
  });

  it.each(['', 'abc', '2304.091', '2304.09157v', 'hep-th/99', '../etc/passwd', '2304.09157v2 extra'])('rejects %j', (raw) => {
    expect(parseArxivId(raw)).toBeNull();
  });
});

describe('idFromAbsUrl', () => {
  it.each([
    ['https://arxiv.org/abs/2304.09157v2', '2304.09157', 2],
    ['https://www.arxiv.org/abs/2304.09157', '2304.09157', null],
    ['https://export.arxiv.org/abs/0704.0001', '0704.0001', null],
    ['https://arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001', 3],
  ])('%s', (url, id, version) => {
    expect(idFromAbsUrl(new URL(url))).toEqual({ id, version });
  });

  it('ignores other hosts and paths', () => {
    expect(idFromAbsUrl(new URL('https://evil.example/abs/2304.09157'))).toBeNull();
    expect(idFromAbsUrl(new URL('https://arxiv.org/pdf/2304.09157'))).toBeNull();
  });
});
