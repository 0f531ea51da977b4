import { Type } from '@sinclair/typebox';

/**
 * The message catalog shared by the server and the console (ADR 0017). An error or an inbox
 * message carries a stable `code` and the `params` to fill in; each side renders the text for
 * the reader's language from the same templates, so the console never parses the server's prose.
 *
 * Templates use ICU-style `{name}` placeholders. A parameter is a plain value (a number, an id,
 * a name the user typed) or a `{ zh, en }` pair for a word the platform itself supplies (the
 * kind of record that was not found, a workflow step).
 */

export const MESSAGE_LANGUAGES = ['zh-CN', 'en'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];
export const DEFAULT_MESSAGE_LANGUAGE: MessageLanguage = 'zh-CN';

export interface LocalisedText {
  zh: string;
  en: string;
}
export type MessageParam = string | number | boolean | null | LocalisedText;
export type MessageParams = Record<string, MessageParam>;

/** The wire shape of `params`: any JSON values by name (the catalog says which it uses). */
export const MessageParamsSchema = Type.Record(Type.String(), Type.Unknown());

export type Templates = Record<string, string>;

/** Error and validation messages. Every code has both languages (a unit test checks it). */
export const ERROR_MESSAGES: Record<MessageLanguage, Templates> = {
  'zh-CN': {
    AUTHENTICATION_REQUIRED: '请先登录',
    ACCOUNT_LOCKED: '账号已锁定,请于 {until}（北京时间）后重试',
    RATE_LIMITED: '请求过于频繁,请 {seconds} 秒后重试',
    NOT_ALLOWED: '无权执行操作 {operation}',
    NOT_FOUND: '{what} {id} 不存在',
    INVALID_TRANSITION: '当前状态 {state} 不允许执行 {action}',
    CONFLICT: '与当前状态冲突,请刷新后重试',
    DUPLICATE: '{field} 已存在相同的记录,不能重复',
    DATABASE_UNAVAILABLE: '数据库暂时不可用,请稍后重试',
    INTERNAL_ERROR: '服务器内部错误',
    REQUIRED: '{field} 为必填项',
    UNKNOWN_FIELD: '{field} 不是可接受的字段',
    INVALID_ENUM: '{field} 取值无效,可选值: {allowed}',
    FIELD_TOO_LONG: '{field} 长度不能超过 {limit} 个字符',
    FIELD_TOO_SHORT: '{field} 长度不能少于 {limit} 个字符',
    INVALID_VALUE: '{field} 取值无效: {reason}',
  },
  en: {
    AUTHENTICATION_REQUIRED: 'Authentication required: please sign in',
    ACCOUNT_LOCKED: 'Account locked until {until} Beijing time',
    RATE_LIMITED: 'Slow down: too many requests, retry in {seconds} s',
    NOT_ALLOWED: 'You are not allowed to perform {operation}',
    NOT_FOUND: '{what} {id} not found',
    INVALID_TRANSITION: 'The action {action} is an invalid transition from the state {state}',
    CONFLICT: 'The request conflicts with the current state; refresh and try again',
    DUPLICATE: 'A record with the same {field} already exists',
    DATABASE_UNAVAILABLE: 'The database is unavailable, please retry shortly',
    INTERNAL_ERROR: 'Internal error',
    REQUIRED: '{field} is required',
    UNKNOWN_FIELD: '{field} is an unknown field',
    INVALID_ENUM: '{field} must be one of the allowed values: {allowed}',
    FIELD_TOO_LONG: '{field} is too long: at most {limit} characters',
    FIELD_TOO_SHORT: '{field} is too short: at least {limit} characters',
    INVALID_VALUE: '{field} is invalid: {reason}',
  },
};

export function isMessageLanguage(value: unknown): value is MessageLanguage {
  return typeof value === 'string' && (MESSAGE_LANGUAGES as readonly string[]).includes(value);
}

/** `zh`, `zh-CN`, `zh-Hans-CN` → zh-CN; `en`, `en-GB` → en; anything else → null. */
export function toMessageLanguage(tag: string | null | undefined): MessageLanguage | null {
  const lower = tag?.trim().toLowerCase() ?? '';
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The first supported language of an `Accept-Language` header by quality, or null when it names
 * none (`*`, absent, only other languages).
 */
export function negotiateLanguage(header: string | null | undefined): MessageLanguage | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.split(';');
      const q = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: toMessageLanguage(tag), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.language && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked[0]?.language ?? null;
}

function paramText(value: MessageParam | undefined, language: MessageLanguage): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return language === 'en' ? value.en : value.zh;
  return String(value);
}

/** Fills `{name}` placeholders; a missing parameter leaves nothing (and no doubled space). */
export function fillTemplate(template: string, params: MessageParams | undefined, language: MessageLanguage): string {
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = paramText(params?.[name], language);
    if (!value) missing = true;
    return value;
  });
  return missing ? text.replace(/ {2,}/g, ' ').trim() : text;
}

/** The text of a code in a catalog, or null when the catalog does not know the code. */
export function renderFrom(catalog: Record<MessageLanguage, Templates>, language: MessageLanguage, code: string, params?: MessageParams): string | null {
  const template = Object.hasOwn(catalog[language], code) ? catalog[language][code] : undefined;
  return template === undefined ? null : fillTemplate(template, params, language);
}

/** An error or validation message in one language, or null for a code the catalog lacks. */
export function renderErrorMessage(language: MessageLanguage, code: string, params?: MessageParams): string | null {
  return renderFrom(ERROR_MESSAGES, language, code, params);
}

/**
 * The text for a request that named no language: Chinese with the English after it in
 * parentheses, the form API clients have always received ("中文 (English)").
 */
export function renderBilingual(catalog: Record<MessageLanguage, Templates>, code: string, params?: MessageParams): string | null {
  const zh = renderFrom(catalog, 'zh-CN', code, params);
  const en = renderFrom(catalog, 'en', code, params);
  if (zh === null || en === null) return zh ?? en;
  return zh === en ? zh : `${zh} (${en})`;
}
