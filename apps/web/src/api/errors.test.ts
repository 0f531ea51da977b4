import { describe, expect, it } from 'vitest';
import { ApiError } from './client.ts';
import { describeLocation, isInvalidLink, isUnauthenticated, localiseMessage, lockedUntilFrom, parseFieldPath, planFieldErrors, stripFieldPrefix, type NamePath } from './errors.ts';

describe('parseFieldPath', () => {
  it('splits dotted paths and array indexes', () => {
    expect(parseFieldPath('content.items[2].shareType')).toEqual(['content', 'items', 2, 'shareType']);
    expect(parseFieldPath('content.legalBasis')).toEqual(['content', 'legalBasis']);
    expect(parseFieldPath('username')).toEqual(['username']);
    expect(parseFieldPath('content.dedicatedDepartmentIds[0]')).toEqual(['content', 'dedicatedDepartmentIds', 0]);
  });
});

describe('stripFieldPrefix and localiseMessage', () => {
  it('drops the repeated field path', () => {
    expect(stripFieldPrefix('content.legalBasis: 须填写共享依据', 'content.legalBasis')).toBe('须填写共享依据');
    expect(stripFieldPrefix('username 为必填项 (required)', 'username')).toBe('为必填项 (required)');
    expect(stripFieldPrefix('其他消息', 'name')).toBe('其他消息');
  });

  it('picks the Chinese or the English half of a bilingual message', () => {
    const message = '有条件共享的资源须说明共享条件 (conditional sharing needs its conditions)';
    expect(localiseMessage(message, 'zh')).toBe('有条件共享的资源须说明共享条件');
    expect(localiseMessage(message, 'en')).toBe('conditional sharing needs its conditions');
  });

  it('keeps a cited article with the Chinese text', () => {
    const message = '有条件共享须填写法律、行政法规或政策依据 (a legal basis is required; 龙南政务信息资源共享与开放管理办法 第十一条)';
    expect(localiseMessage(message, 'zh')).toBe('有条件共享须填写法律、行政法规或政策依据 (龙南政务信息资源共享与开放管理办法 第十一条)');
  });

  it('keeps nested parentheses inside the English half and leaves other messages alone', () => {
    const message = '只能选择不予开放 (only unconditionally shared resources may be opened; 龙南办法(试行) 第七条)';
    expect(localiseMessage(message, 'en')).toBe('only unconditionally shared resources may be opened; 龙南办法(试行) 第七条');
    expect(localiseMessage('账号(含密码)已锁定', 'en')).toBe('账号(含密码)已锁定');
    expect(localiseMessage('(only English)', 'zh')).toBe('(only English)');
  });
});

describe('planFieldErrors', () => {
  const itemColumns = new Set(['code', 'name', 'shareType']);
  const isField = (name: NamePath) =>
    (name.length === 1 && ['name', 'legalBasis', 'dedicatedDepartmentIds'].includes(String(name[0]))) ||
    (name.length === 3 && name[0] === 'items' && typeof name[1] === 'number' && itemColumns.has(String(name[2])));

  it('maps content fields and item cells, and sends the rest to the summary', () => {
    const plan = planFieldErrors(
      [
        { field: 'content.legalBasis', message: 'content.legalBasis: 有条件共享须填写共享依据 (a legal basis is required)' },
        { field: 'content.items[1].shareType', message: 'content.items[1].shareType: 资源为无条件共享时信息项不能为有条件共享 (partial sharing is conditional sharing)' },
        { field: 'content.items[1].shareType', message: 'content.items[1].shareType: 同一条消息 (same)' },
        { field: 'content.dedicatedDepartmentIds[0]', message: 'content.dedicatedDepartmentIds[0]: 部门不存在 (unknown department)' },
        { field: 'content.relatedResourceCodes[0]', message: 'content.relatedResourceCodes[0]: 资源代码不存在' },
        { message: '目录内容有 4 处不符合规则' },
      ],
      { prefix: 'content', isField },
    );
    expect(plan.fields).toEqual([
      { name: ['legalBasis'], errors: ['有条件共享须填写共享依据'] },
      { name: ['items', 1, 'shareType'], errors: ['资源为无条件共享时信息项不能为有条件共享', '同一条消息'] },
      { name: ['dedicatedDepartmentIds'], errors: ['部门不存在'] },
    ]);
    expect(plan.summary.map((d) => d.field)).toEqual(['content.relatedResourceCodes[0]', undefined]);
  });

  it('shows English halves in the English console', () => {
    const plan = planFieldErrors([{ field: 'content.name', message: 'content.name 长度不能少于 2 个字符 (too short)' }], { prefix: 'content', isField, lang: 'en' });
    expect(plan.fields[0]!.errors).toEqual(['too short']);
  });
});

describe('error helpers', () => {
  it('describes where an import problem is', () => {
    expect(describeLocation({ sheet: '目录', row: 3, column: 'B', message: 'x' })).toBe('目录 · #3 · B');
    expect(describeLocation({ field: 'entries', message: 'x' })).toBe('entries');
  });

  it('recognises a lost session and reads the lockout time', () => {
    expect(isUnauthenticated(new ApiError(401, 'AUTHENTICATION_REQUIRED', '请先登录'))).toBe(true);
    expect(isUnauthenticated(new ApiError(403, 'NOT_ALLOWED', 'no'))).toBe(false);
    const locked = new ApiError(423, 'ACCOUNT_LOCKED', '账号已锁定,请于 2026-11-22 11:15（北京时间）后重试', [], 'req-1', '2026-11-22T03:15:00.000Z');
    expect(lockedUntilFrom(locked)?.toISOString()).toBe('2026-11-22T03:15:00.000Z');
    expect(lockedUntilFrom(new ApiError(423, 'ACCOUNT_LOCKED', '账号已锁定'))).toBeNull();
    expect(lockedUntilFrom(new ApiError(401, 'INVALID_CREDENTIALS', 'x'))).toBeNull();
  });
});

describe('isInvalidLink', () => {
  it('treats a missing or foreign record and a refused path id as an invalid link', () => {
    expect(isInvalidLink(new ApiError(404, 'NOT_FOUND', '目录不存在 (entry not found)'))).toBe(true);
    expect(isInvalidLink(new ApiError(400, 'VALIDATION', 'params.id must match format "uuid"'))).toBe(true);
    expect(isInvalidLink(new ApiError(400, 'VALIDATION', 'invalid', [{ field: 'params.id', message: 'must match format "uuid"' }]))).toBe(true);
  });

  it('keeps other errors for the page to show', () => {
    expect(isInvalidLink(new ApiError(400, 'VALIDATION', 'body.name is required', [{ field: 'name', message: '必填' }]))).toBe(false);
    expect(isInvalidLink(new ApiError(403, 'FORBIDDEN', '无权操作'))).toBe(false);
    expect(isInvalidLink(new Error('network'))).toBe(false);
  });
});
