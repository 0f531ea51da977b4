import { describe, expect, it } from 'vitest';
import {
  allowedItemShareTypes,
  allowedOpenTypes,
  consistencyPatch,
  emptyContentValues,
  FORMAT_PROVISION_METHODS,
  FORMAT_SHARE_METHODS,
  fromFormValues,
  isContentFormField,
  newItem,
  toFormValues,
  type ContentFormValues,
} from './contentForm.ts';
import { classificationOptions } from './classifications.ts';

function filled(): ContentFormValues {
  const values = emptyContentValues('302');
  return {
    ...values,
    name: '  网格员巡查记录  ',
    abstract: '网格员日常巡查记录',
    formatType: ' xlsx ',
    keywords: [' 网格 ', ''],
    items: [
      { ...newItem('unconditional'), code: ' xcsj ', name: '巡查时间', dataType: 'T', length: null, description: '  ' },
      { ...newItem('unconditional'), code: 'xcdz', name: '巡查地址', length: 200, identifierKind: 'none' },
    ],
    legalBasis: '   ',
    changeSummary: ' 首次编制 ',
  };
}

describe('form ↔ API content', () => {
  it('trims text and leaves optional blanks out', () => {
    const { content, changeSummary } = fromFormValues(filled());
    expect(content.name).toBe('网格员巡查记录');
    expect(content.formatType).toBe('xlsx');
    expect(content.keywords).toEqual(['网格']);
    expect(content.legalBasis).toBeUndefined();
    expect(content.items[0]).toEqual({ code: 'xcsj', name: '巡查时间', dataType: 'T', required: false, shareType: 'unconditional', sensitivity: 'L1', maskingRule: 'none' });
    expect(content.items[1]!.length).toBe(200);
    expect(changeSummary).toBe('首次编制');
  });

  it('drops share modes of a not-shared resource and departments of a non-dedicated one', () => {
    const values = { ...filled(), shareType: 'none' as const, shareModes: ['download' as const], dedicated: false, dedicatedDepartmentIds: ['d1'] };
    const { content } = fromFormValues(values);
    expect(content.shareModes).toEqual([]);
    expect(content.dedicatedDepartmentIds).toEqual([]);
  });

  it('round-trips saved content back into the form', () => {
    const { content } = fromFormValues(filled());
    const again = fromFormValues(toFormValues(content, '首次编制'));
    expect(again.content).toEqual(content);
    expect(again.changeSummary).toBe('首次编制');
  });
});

describe('content rules the form follows', () => {
  it('opens only unconditionally shared resources', () => {
    expect(allowedOpenTypes('unconditional')).toContain('conditional');
    expect(allowedOpenTypes('conditional')).toEqual(['none']);
    expect(allowedOpenTypes('none')).toEqual(['none']);
  });

  it('makes items follow the entry share type', () => {
    expect(allowedItemShareTypes('unconditional')).toEqual(['unconditional']);
    expect(allowedItemShareTypes('none')).toEqual(['none']);
    expect(allowedItemShareTypes('conditional')).toHaveLength(3);
  });

  it('keeps the form consistent when the share type changes', () => {
    const values = { ...filled(), openType: 'unconditional' as const };
    const toNone = consistencyPatch({ shareType: 'none' }, { ...values, shareType: 'none', dedicated: true, dedicatedDepartmentIds: ['d1'] });
    expect(toNone.openType).toBe('none');
    expect(toNone.items?.every((item) => item.shareType === 'none')).toBe(true);
    expect(toNone.shareModes).toEqual([]);
    expect(toNone).toMatchObject({ dedicated: false, dedicatedDepartmentIds: [] });

    const toConditional = consistencyPatch({ shareType: 'conditional' }, { ...values, shareType: 'conditional' });
    expect(toConditional.openType).toBe('none');
    expect(toConditional.items).toBeUndefined(); // unconditional items may stay in a conditional entry
  });

  it('picks an allowed share method and provision method when the format changes', () => {
    const values = { ...filled(), formatCategory: 'service' as const, shareMethodType: 'file' as const, provisionMethod: 'file' as const };
    expect(consistencyPatch({ formatCategory: 'service' }, values)).toEqual({ shareMethodType: 'interface', provisionMethod: 'api' });
    expect(consistencyPatch({ formatCategory: 'spreadsheet' }, { ...values, formatCategory: 'spreadsheet' })).toEqual({});
    for (const category of Object.keys(FORMAT_SHARE_METHODS) as Array<keyof typeof FORMAT_SHARE_METHODS>) {
      expect(FORMAT_SHARE_METHODS[category].length).toBeGreaterThan(0);
      expect(FORMAT_PROVISION_METHODS[category].length).toBeGreaterThan(0);
    }
  });

  it('knows which server paths are form fields', () => {
    expect(isContentFormField(['legalBasis'], 2)).toBe(true);
    expect(isContentFormField(['items', 1, 'shareType'], 2)).toBe(true);
    expect(isContentFormField(['items', 2, 'shareType'], 2)).toBe(false);
    expect(isContentFormField(['items', 0, 'unknown'], 2)).toBe(false);
    expect(isContentFormField(['items'], 2)).toBe(false);
    expect(isContentFormField(['dedicatedDepartmentIds', 0], 2)).toBe(false);
  });
});

describe('classification options', () => {
  const nodes = [
    { code: '1', name: '基础信息资源', parentCode: null },
    { code: '101', name: '人口', parentCode: '1' },
    { code: '3', name: '部门信息资源', parentCode: null },
    { code: '301', name: '数据中心', parentCode: '3' },
    { code: '302', name: '公安局', parentCode: '3' },
    { code: '302001', name: '户政', parentCode: '302' },
  ];

  it('shows only the own departmental class under 部门信息资源, and roots are not selectable', () => {
    const options = classificationOptions(nodes, '302');
    expect(options.map((o) => [o.value, o.selectable])).toEqual([
      ['1', false],
      ['3', false],
    ]);
    const departmental = options[1]!;
    expect(departmental.children.map((o) => o.value)).toEqual(['302']);
    expect(departmental.children[0]!.children.map((o) => o.value)).toEqual(['302001']);
  });
});
