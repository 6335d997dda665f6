import { describe, expect, it } from 'vitest';
import { percentileText, relatednessText } from '@/components/relatedness-text';

describe('the relatedness number in words', () => {
  it('keeps at most one decimal and drops a trailing zero', () => {
    expect(percentileText({ level: 'related', score: 0.5, percentile: 97.25 })).toBe('closer than 97.3 % of paper pairs in the collection');
    expect(percentileText({ level: 'related', score: 0.5, percentile: 90.04 })).toBe('closer than 90 % of paper pairs in the collection');
    expect(percentileText({ level: 'loose', score: 0.5, percentile: 8.5 })).toBe('closer than 8.5 % of paper pairs in the collection');
  });

  it('says "almost every pair" from 99.9 on, where one decimal would read 100 %', () => {
    expect(percentileText({ level: 'very-close', score: 0.5, percentile: 99.95 })).toBe('closer than almost every pair of papers in the collection');
    expect(relatednessText({ level: 'very-close', score: 0.5, percentile: 99.86 })).toBe('Very close: closer than 99.9 % of paper pairs in the collection');
  });
});
