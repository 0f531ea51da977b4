import { describe, expect, it } from 'vitest';
import { facetLabel } from './facetLabels.ts';

describe('facetLabel', () => {
  it('relabels code-list facets in English and keeps department names', () => {
    expect(facetLabel('shareType', { value: 'conditional', label: '有条件共享', count: 3 }, 'en')).toMatch(/^[A-Za-z ,-]+$/);
    expect(facetLabel('shareType', { value: 'conditional', label: '有条件共享', count: 3 }, 'zh')).toBe('有条件共享');
    expect(facetLabel('department', { value: 'x', label: '龙南市公安局', count: 1 }, 'en')).toBe('龙南市公安局');
  });
});
