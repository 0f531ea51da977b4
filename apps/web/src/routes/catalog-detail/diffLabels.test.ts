import { describe, expect, it } from 'vitest';
import { diffLabel, diffValue } from './diffLabels.ts';

const fields: Record<string, string> = { shareType: 'Share type', legalBasis: 'Legal basis for sharing' };
const itemFields: Record<string, string> = { name: 'Item name' };
const label = (path: string, zh: string, lang: 'zh' | 'en') => diffLabel({ path, label: zh }, lang, (k) => fields[k], (k) => itemFields[k], 'Item');

describe('diff labels', () => {
  it('keeps the server label in Chinese and rebuilds it in English', () => {
    expect(label('shareType', '共享类型', 'zh')).toBe('共享类型');
    expect(label('shareType', '共享类型', 'en')).toBe('Share type');
    expect(label('items[xm].name', '信息项 xm 名称', 'en')).toBe('Item xm · Item name');
    expect(label('items[xm]', '信息项 xm', 'en')).toBe('Item xm');
    expect(label('somethingNew', '新字段', 'en')).toBe('新字段');
  });

  it('renders values readably', () => {
    expect(diffValue(null, '是', '否')).toBe('—');
    expect(diffValue(true, '是', '否')).toBe('是');
    expect(diffValue(['接口调用', '直接下载'], '是', '否')).toBe('接口调用、直接下载');
    expect(diffValue([], '是', '否')).toBe('—');
    expect(diffValue({ code: 'xm', name: '姓名' }, '是', '否')).toBe('姓名 (xm)');
    expect(diffValue(18, '是', '否')).toBe('18');
  });
});
