import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, NOTIFICATION_MESSAGES, fillTemplate, negotiateLanguage, renderBilingual, renderErrorMessage, renderNotification } from '@huitong/contracts';
import { notificationMessages } from '../../src/modules/notifications/index.ts';
import { AccountLockedError, InvalidTransitionError, NotAllowedError, NotFoundError, RateLimitedError, splitBilingualNoun } from '../../src/platform/errors.ts';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the shared message catalog', () => {
  it('has every code in both languages with the same placeholders', () => {
    for (const catalog of [ERROR_MESSAGES, NOTIFICATION_MESSAGES]) {
      expect(Object.keys(catalog.en).sort()).toEqual(Object.keys(catalog['zh-CN']).sort());
      for (const [code, zh] of Object.entries(catalog['zh-CN'])) expect(placeholders(catalog.en[code]!), code).toEqual(placeholders(zh));
    }
    // Both halves of every inbox code exist.
    for (const key of Object.keys(NOTIFICATION_MESSAGES.en)) expect(NOTIFICATION_MESSAGES.en[key.replace(/\.(title|body)$/, key.endsWith('.title') ? '.body' : '.title')], key).toBeDefined();
  });

  it('fills placeholders, picks the language of a { zh, en } parameter and drops missing ones cleanly', () => {
    expect(fillTemplate('{what} {id} not found', { what: { zh: '授权', en: 'grant' }, id: 'g1' }, 'en')).toBe('grant g1 not found');
    expect(fillTemplate('{what} {id} 不存在', { what: { zh: '授权', en: 'grant' } }, 'zh-CN')).toBe('授权 不存在');
    expect(renderErrorMessage('en', 'NO_SUCH_CODE', {})).toBeNull();
    // A code that merely looks like an object key is not a template.
    expect(renderErrorMessage('en', 'toString', {})).toBeNull();
    expect(renderBilingual(ERROR_MESSAGES, 'RATE_LIMITED', { seconds: 30 })).toBe('请求过于频繁,请 30 秒后重试 (Slow down: too many requests, retry in 30 s)');
  });

  it('negotiates Accept-Language by quality, ignoring languages the platform does not speak', () => {
    expect(negotiateLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(negotiateLanguage('fr;q=1, zh-TW;q=0.7, en;q=0.5')).toBe('zh-CN');
    expect(negotiateLanguage('zh;q=0.1, en;q=0.2')).toBe('en');
    expect(negotiateLanguage('en;q=0')).toBeNull();
    expect(negotiateLanguage('*')).toBeNull();
    expect(negotiateLanguage(undefined)).toBeNull();
  });
});

describe('generic errors carry their code and params', () => {
  it('names what was not found in each language, from the older bilingual noun too', () => {
    const error = new NotFoundError('共享申请 application', 'a1');
    expect(error).toMatchObject({ code: 'NOT_FOUND', params: { what: { zh: '共享申请', en: 'application' }, id: 'a1' }, message: '共享申请 a1 不存在 (application a1 not found)' });
    expect(splitBilingualNoun('webhook')).toBe('webhook');
    expect(splitBilingualNoun('目录维护事项 maintenance trigger')).toEqual({ zh: '目录维护事项', en: 'maintenance trigger' });
  });

  it('keeps a caller’s own text as it is, without params (the console falls back to splitting it)', () => {
    expect(new InvalidTransitionError('submitted', 'edit', '已提交 (submitted)')).toMatchObject({ code: 'INVALID_TRANSITION', params: undefined, message: '已提交 (submitted)' });
    expect(new NotAllowedError('x', '只能改本部门的 (own department only)').params).toBeUndefined();
    expect(new InvalidTransitionError('draft', 'approve').params).toEqual({ state: 'draft', action: 'approve' });
    expect(new NotAllowedError('catalog:approve').params).toEqual({ operation: 'catalog:approve' });
  });

  it('lockouts and rate limits carry the time to wait', () => {
    expect(new RateLimitedError(new Date(), 12).params).toEqual({ seconds: 12 });
    const locked = new AccountLockedError(new Date('2026-12-04T02:30:00Z'));
    expect(locked.params).toEqual({ until: expect.stringContaining('10:30') });
    expect(renderErrorMessage('en', locked.code, locked.params)).toMatch(/^Account locked until .*10:30 Beijing time$/);
  });
});

describe('notification builders', () => {
  it('give every message a catalog code whose Chinese text is what is stored', () => {
    const message = notificationMessages.grantRevoked({ grantId: 'g1', at: '2026-12-04 10:30', reason: '项目结束' });
    expect(message).toMatchObject({ kind: 'grant.revoked', code: 'GRANT_REVOKED', link: '/sharing/grants/g1' });
    expect(message.body).toBe('授权已于 2026-12-04 10:30（北京时间）撤销,原因: 项目结束。请停止使用并按规定销毁不再使用的数据。');
    expect(renderNotification('en', message.code!, message.params)?.title).toBe('Grant revoked');
    const assigned = notificationMessages.stepAssigned({ applicationId: 'a1', number: 'SQ-1', step: 'leader_approval', due: null });
    expect(assigned.body).toBe('共享申请 SQ-1 待本部门分管领导审批。');
    expect(renderNotification('en', assigned.code!, assigned.params)?.body).toBe('Application SQ-1 awaits leader approval.');
  });
});
