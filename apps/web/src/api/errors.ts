import { renderErrorMessage, renderNotification, type ErrorDetail, type MessageLanguage, type MessageParams, type Notification } from '@huitong/contracts';
import { ApiError, isApiError } from './client.ts';

/**
 * Turning the server's error details into something a form can show.
 *
 * Field paths look like `content.items[2].shareType`, `content.legalBasis` or `username`. A form
 * registers fields by name path (`['items', 2, 'shareType']`), so a path is parsed, the form's
 * prefix (`content`) dropped, and then shortened until it names a field the form has
 * (`dedicatedDepartmentIds[0]` → `dedicatedDepartmentIds`). What names no field goes to the summary.
 */

export type NamePath = Array<string | number>;

/** `content.items[2].shareType` → `['content', 'items', 2, 'shareType']` */
export function parseFieldPath(field: string): NamePath {
  const path: NamePath = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else if (match[1] !== undefined) path.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
  }
  return path;
}

/**
 * Server messages repeat the field path ("content.legalBasis: 有条件共享须填写…", "username 为必填项");
 * next to the field itself that prefix is noise.
 */
export function stripFieldPrefix(message: string, field: string | undefined): string {
  if (!field) return message;
  if (message.startsWith(`${field}:`)) return message.slice(field.length + 1).trim();
  if (message.startsWith(`${field} `)) return message.slice(field.length + 1).trim();
  return message;
}

/**
 * Messages are bilingual: "中文说明 (English explanation)". Shows the part for the console's
 * language; messages without a trailing English parenthesis are returned whole.
 */
export function localiseMessage(message: string, lang: 'zh' | 'en'): string {
  const trimmed = message.trim();
  if (!trimmed.endsWith(')')) return trimmed;
  let depth = 0;
  let start = -1;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const ch = trimmed[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      depth--;
      if (depth === 0) {
        start = i;
        break;
      }
    }
  }
  if (start <= 0) return trimmed;
  const inner = trimmed.slice(start + 1, -1).trim();
  const before = trimmed.slice(0, start).trim();
  // Only split when the parenthesis is the English rendering (starts with a Latin letter).
  if (!/^[A-Za-z]/.test(inner) || !before) return trimmed;
  if (lang === 'en') return inner;
  // Keep a cited article ("…; 龙南…办法 第十一条") with the Chinese text.
  const citation = inner
    .split(';')
    .slice(1)
    .map((part) => part.trim())
    .filter((part) => /[\u4e00-\u9fff]/.test(part));
  return citation.length > 0 ? `${before} (${citation.join('; ')})` : before;
}

const catalogLanguage = (lang: 'zh' | 'en'): MessageLanguage => (lang === 'en' ? 'en' : 'zh-CN');

/**
 * A detail in the console's language: from its code and params when the server sent them (the
 * shared catalog in @huitong/contracts), else the legacy bilingual text split by localiseMessage.
 */
export function detailText(detail: ErrorDetail, lang: 'zh' | 'en'): string {
  if (detail.code && detail.params) {
    const text = renderErrorMessage(catalogLanguage(lang), detail.code, detail.params as MessageParams);
    if (text !== null) return text;
  }
  return localiseMessage(detail.message, lang);
}

/**
 * An error's headline in the console's language. A coded error is rendered from its code and
 * params; a schema rejection (VALIDATION_FAILED, no params) from its details; anything else from
 * the server's text.
 */
export function errorText(error: ApiError, lang: 'zh' | 'en'): string {
  if (error.params) {
    const text = renderErrorMessage(catalogLanguage(lang), error.code, error.params);
    if (text !== null) return text;
  }
  if (error.details.length > 0 && error.details.every((d) => d.code && d.params)) return error.details.map((d) => detailText(d, lang)).join('; ');
  return localiseMessage(error.message, lang);
}

/** An inbox message's title and body: rendered from its code when it has one, else as stored. */
export function notificationText(item: Pick<Notification, 'code' | 'params' | 'title' | 'body'>, lang: 'zh' | 'en'): { title: string; body: string } {
  const rendered = item.code ? renderNotification(catalogLanguage(lang), item.code, (item.params ?? undefined) as MessageParams | undefined) : null;
  return rendered ?? { title: item.title, body: item.body };
}

export interface FieldErrorPlan {
  /** Errors to put on form fields, grouped per field. */
  fields: Array<{ name: NamePath; errors: string[] }>;
  /** Details that name no form field (or no field at all), for a summary above the form. */
  summary: ErrorDetail[];
}

export interface FieldErrorOptions {
  /** Leading path segment the form does not have, e.g. `content`. */
  prefix?: string;
  /** Whether the form has a field at this name path. */
  isField: (name: NamePath) => boolean;
  lang?: 'zh' | 'en';
}

export function planFieldErrors(details: readonly ErrorDetail[], options: FieldErrorOptions): FieldErrorPlan {
  const grouped = new Map<string, { name: NamePath; errors: string[] }>();
  const summary: ErrorDetail[] = [];
  for (const detail of details) {
    if (!detail.field) {
      summary.push(detail);
      continue;
    }
    let name = parseFieldPath(detail.field);
    if (options.prefix && name[0] === options.prefix) name = name.slice(1);
    while (name.length > 0 && !options.isField(name)) name = name.slice(0, -1);
    if (name.length === 0) {
      summary.push(detail);
      continue;
    }
    const key = JSON.stringify(name);
    const lang = options.lang ?? 'zh';
    const text = detail.code && detail.params ? stripFieldPrefix(detailText(detail, lang), detail.field) : localiseMessage(stripFieldPrefix(detail.message, detail.field), lang);
    const entry = grouped.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    grouped.set(key, entry);
  }
  return { fields: [...grouped.values()], summary };
}

/** Where a detail points, for tables of import problems: "工作表 目录 第 3 行 B 列" style. */
export function describeLocation(detail: ErrorDetail): string {
  const parts: string[] = [];
  if (detail.sheet) parts.push(detail.sheet);
  if (detail.row !== undefined) parts.push(`#${detail.row}`);
  if (detail.column) parts.push(detail.column);
  if (detail.field && parts.length === 0) parts.push(detail.field);
  return parts.join(' · ');
}

/** Whether an error means the session is gone (and the console should go to the login page). */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** When a locked account may log in again (the lockout answer's `retryAt`), or null. */
export function lockedUntilFrom(error: unknown): Date | null {
  if (!(error instanceof ApiError) || error.status !== 423 || !error.retryAt) return null;
  const until = new Date(error.retryAt);
  return Number.isNaN(until.getTime()) ? null : until;
}

/**
 * Whether a failed read means the address itself is wrong: a record that does not exist or that
 * the user may not see (404), or an id the server refused by its shape (400 naming a path
 * parameter, e.g. `params.id must match format "uuid"`). Such an error gets the localised
 * 「链接无效或您无权查看」 page, never the server's schema wording.
 */
export function isInvalidLink(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.status === 404) return true;
  if (error.status !== 400) return false;
  const names = [error.message, ...error.details.map((d) => d.field ?? d.message)];
  return names.some((text) => /^params(\.|\/|\b)/.test(text ?? ''));
}
