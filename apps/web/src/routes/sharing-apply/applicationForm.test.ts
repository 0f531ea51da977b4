import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import type { Application, CatalogItem } from '@huitong/contracts';
import { allowedShareModes, applicationToValues, itemChoices, newApplicationValues, pickableCodes, planApplicationErrors, toApplicationInput } from './applicationForm.ts';

const item = (code: string, shareType: CatalogItem['shareType']): CatalogItem => ({ code, name: code.toUpperCase(), dataType: 'C', required: false, shareType, sensitivity: 'L2', maskingRule: 'none' });
const items = [item('xm', 'unconditional'), item('gmsfhm', 'conditional'), item('zz', 'none')];

describe('item picker', () => {
  it('disables items that are not shared', () => {
    expect(itemChoices({ items, shareType: 'conditional' }).map((c) => [c.item.code, c.selectable])).toEqual([
      ['xm', true],
      ['gmsfhm', true],
      ['zz', false],
    ]);
  });

  it('lets every item of a not-shared entry be asked for (coordination decides)', () => {
    expect(itemChoices({ items: [item('a', 'none'), item('b', 'none')], shareType: 'none' }).every((c) => c.selectable)).toBe(true);
  });

  it('keeps only codes that can still be picked, in the entry\'s spelling', () => {
    const choices = itemChoices({ items, shareType: 'conditional' });
    expect(pickableCodes(['XM', 'zz', 'gone', 'gmsfhm'], choices)).toEqual(['xm', 'gmsfhm']);
  });
});

describe('share modes', () => {
  it('offers the entry\'s own modes', () => {
    expect(allowedShareModes({ shareType: 'conditional', shareModes: ['interface', 'page_query'] })).toEqual(['interface', 'page_query']);
  });

  it('offers every mode for not-shared data', () => {
    expect(allowedShareModes({ shareType: 'none', shareModes: [] })).toEqual(['interface', 'download', 'page_query']);
  });
});

describe('form ↔ API', () => {
  it('starts with the first mode, the officer as contact and a year of use from today', () => {
    const values = newApplicationValues({ shareType: 'conditional', shareModes: ['page_query', 'interface'] }, '郭静', dayjs('2026-11-22T10:00:00'));
    expect(values.shareMode).toBe('page_query');
    expect(values.contactName).toBe('郭静');
    expect(values.period!.map((d) => d.format('YYYY-MM-DD'))).toEqual(['2026-11-22', '2027-11-21']);
  });

  it('trims the text and writes the period as dates', () => {
    const input = toApplicationInput('e1', {
      itemCodes: ['xm', 'gmsfhm'],
      shareMode: 'interface',
      systemId: 's1',
      contactName: ' 郭静 ',
      contactPhone: ' 13907970000 ',
      purpose: ' 核验出生医学证明申领人身份 ',
      scenario: '出生一件事',
      basis: '《母婴保健法》第二十三条',
      securityMeasures: '专人专岗',
      period: [dayjs('2026-12-01'), dayjs('2027-11-30')],
    });
    expect(input).toMatchObject({ entryId: 'e1', contactName: '郭静', contactPhone: '13907970000', purpose: '核验出生医学证明申领人身份', periodStart: '2026-12-01', periodEnd: '2027-11-30' });
  });

  it('reads an application back for editing', () => {
    const application = {
      items: [{ code: 'xm', name: '姓名', shareType: 'unconditional' }],
      shareMode: 'interface',
      system: { id: 's1', name: '全民健康信息平台' },
      contactName: '郭静',
      contactPhone: '13907970000',
      purpose: 'p',
      scenario: 's',
      basis: 'b',
      securityMeasures: 'm',
      periodStart: '2026-12-01',
      periodEnd: '2027-11-30',
    } as unknown as Application;
    const values = applicationToValues(application);
    expect(values.itemCodes).toEqual(['xm']);
    expect(values.systemId).toBe('s1');
    expect(values.period!.map((d) => d.format('YYYY-MM-DD'))).toEqual(['2026-12-01', '2027-11-30']);
  });
});

describe('server errors on the application form', () => {
  const details = [
    { field: 'itemCodes[1]', message: 'itemCodes[1]: 信息项「住址」不予共享,只能通过协调申请 (not shared; only through coordination)' },
    { field: 'shareMode', message: 'shareMode: 该资源提供的共享方式为 interface、page_query (the resource is shared by interface, page_query)' },
    { field: 'periodStart', message: 'periodStart: 使用期限不能早于今天 (cannot start in the past)' },
    { field: 'periodEnd', message: 'periodEnd: 结束日期不能早于开始日期 (ends before it starts)' },
    { field: 'entryId', message: 'entryId: 只能申请已发布的目录资源 (only published entries can be applied for)' },
    { message: '无字段的问题 (no field)' },
  ];

  it('puts each problem on its field, the period problems on the period', () => {
    const plan = planApplicationErrors(details, ['xm', 'zz'], 'zh');
    expect(plan.fields).toEqual([
      { name: ['itemCodes'], errors: ['信息项「住址」不予共享,只能通过协调申请'] },
      { name: ['shareMode'], errors: ['该资源提供的共享方式为 interface、page_query'] },
      { name: ['period'], errors: ['使用期限不能早于今天', '结束日期不能早于开始日期'] },
    ]);
    expect(plan.summary.map((d) => d.field)).toEqual(['entryId', undefined]);
  });

  it('marks the refused item\'s row by the code sent at that index', () => {
    expect(planApplicationErrors(details, ['xm', 'zz'], 'en').items).toEqual({ zz: 'not shared; only through coordination' });
  });
});
