import { describe, expect, it } from 'vitest';
import { draftFromDemand, mayAnswer, splitDemandErrors } from './demandAnswer.ts';

describe('answering a demand', () => {
  it('sends draft problems to the catalog editor under content.… and the rest to the answer', () => {
    const split = splitDemandErrors([
      { field: 'draft.items.0.code', message: 'draft.items.0.code must match pattern' },
      { field: 'content.legalBasis', message: 'content.legalBasis: 有条件共享须填写共享依据' },
      { field: 'draft', message: 'draft: 同意需求须同时编制目录草稿 (agreeing registers the data as a catalog draft)' },
      { field: 'answer', message: 'answer must NOT have fewer than 2 characters' },
      { message: '其他问题' },
    ]);
    expect(split.draft.map((d) => [d.field, d.message])).toEqual([
      ['content.items.0.code', 'content.items.0.code must match pattern'],
      ['content.legalBasis', 'content.legalBasis: 有条件共享须填写共享依据'],
      ['content', 'content: 同意需求须同时编制目录草稿 (agreeing registers the data as a catalog draft)'],
    ]);
    expect(split.answer.map((d) => d.field)).toEqual(['answer', undefined]);
  });

  it('prefills the draft with the demand\'s title and description', () => {
    const draft = draftFromDemand({ title: '残疾人证信息', description: '残疾人证号、残疾类别与等级' }, '306');
    expect(draft.name).toBe('残疾人证信息');
    expect(draft.abstract).toBe('残疾人证号、残疾类别与等级');
    expect(draft.classCode).toBe('306');
  });

  it('is for the provider\'s data officer while the demand is open', () => {
    const demand = { state: 'open' as const, provider: { id: 'mz', name: '民政局' } };
    expect(mayAnswer(demand, 'mz', true)).toBe(true);
    expect(mayAnswer(demand, 'wj', true)).toBe(false);
    expect(mayAnswer(demand, 'mz', false)).toBe(false);
    expect(mayAnswer({ ...demand, state: 'agreed' }, 'mz', true)).toBe(false);
  });
});
