import { afterEach, describe, expect, it } from 'vitest';
import { api, ApiError, LANGUAGE_HEADER, setFetchForTesting, setRequestLanguage } from './client.ts';
import { detailText, errorText, notificationText, planFieldErrors } from './errors.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  setFetchForTesting((...args) => globalThis.fetch(...args));
  setRequestLanguage(null);
});

describe('the language the console asks the server for', () => {
  it('sends the chosen language on every request, and reads code and params from an error body', async () => {
    const headers: Array<Record<string, string>> = [];
    setFetchForTesting((async (_url: string, init: RequestInit) => {
      headers.push(init.headers as Record<string, string>);
      return json(409, { error: { code: 'INVALID_TRANSITION', message: 'The action answer is an invalid transition from the state answered', params: { state: 'answered', action: 'answer' } }, requestId: 'r1' });
    }) as unknown as typeof fetch);
    setRequestLanguage('en');
    const error = await api.post('/api/sharing/demands/d/answer', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).params).toEqual({ state: 'answered', action: 'answer' });
    expect(headers[0]![LANGUAGE_HEADER]).toBe('en');
    setRequestLanguage('zh-CN');
    await api.get('/api/meta').catch(() => {});
    expect(headers[1]![LANGUAGE_HEADER]).toBe('zh-CN');
  });
});

describe('rendering errors from code and params', () => {
  it('renders a coded error in the console language, whatever language the server used', () => {
    const error = new ApiError(404, 'NOT_FOUND', '共享申请 a1 不存在', [], 'r1', null, { what: { zh: '共享申请', en: 'application' }, id: 'a1' });
    expect(errorText(error, 'en')).toBe('application a1 not found');
    expect(errorText(error, 'zh')).toBe('共享申请 a1 不存在');
  });

  it('renders schema rejections from their details, and keeps the fallback for legacy bilingual text', () => {
    const detail = { field: 'query.q', code: 'FIELD_TOO_LONG', params: { field: 'query.q', limit: 100 }, message: 'query.q 长度不能超过 100 个字符 (query.q is too long: at most 100 characters)' };
    const rejected = new ApiError(400, 'VALIDATION_FAILED', detail.message, [detail]);
    expect(errorText(rejected, 'en')).toBe('query.q is too long: at most 100 characters');
    expect(errorText(rejected, 'zh')).toBe('query.q 长度不能超过 100 个字符');
    expect(detailText(detail, 'en')).toBe('query.q is too long: at most 100 characters');

    const legacy = new ApiError(400, 'VALIDATION_FAILED', '有条件共享须说明共享条件 (conditional sharing needs its conditions)');
    expect(errorText(legacy, 'en')).toBe('conditional sharing needs its conditions');
    expect(errorText(legacy, 'zh')).toBe('有条件共享须说明共享条件');
    // An unknown code falls back to the server's text.
    expect(errorText(new ApiError(409, 'SOMETHING_NEW', '新错误 (a new error)', [], null, null, {}), 'en')).toBe('a new error');
  });

  it('puts coded details on form fields without the repeated field path', () => {
    const plan = planFieldErrors([{ field: 'content.name', code: 'FIELD_TOO_LONG', params: { field: 'content.name', limit: 200 }, message: 'x' }], { prefix: 'content', isField: (name) => name[0] === 'name', lang: 'en' });
    expect(plan.fields).toEqual([{ name: ['name'], errors: ['is too long: at most 200 characters'] }]);
  });
});

describe('inbox messages', () => {
  const refused = {
    code: 'APPLICATION_REFUSED',
    params: { number: 'SQ-1', step: { zh: '提供部门审核', en: 'provider review' }, comment: '用途不明确', basis: '' },
    title: '共享申请 SQ-1 未获同意',
    body: '提供部门审核未同意: 用途不明确',
  };

  it('renders a coded message in the console language', () => {
    expect(notificationText(refused, 'en')).toEqual({ title: 'Application SQ-1 refused', body: 'Refused at provider review: 用途不明确' });
    expect(notificationText(refused, 'zh')).toEqual({ title: '共享申请 SQ-1 未获同意', body: '提供部门审核未同意: 用途不明确' });
  });

  it('shows older messages (no code, or a code this console does not know) as stored', () => {
    expect(notificationText({ code: null, params: null, title: '旧通知', body: '正文' }, 'en')).toEqual({ title: '旧通知', body: '正文' });
    expect(notificationText({ code: 'FUTURE_CODE', params: {}, title: '新通知', body: '正文' }, 'en')).toEqual({ title: '新通知', body: '正文' });
  });
});
