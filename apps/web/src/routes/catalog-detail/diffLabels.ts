import type { DiffChange } from '@huitong/contracts';

/**
 * The diff endpoint labels changes in Chinese. For the English console the label is rebuilt from
 * the path (`shareType`, `items[xm].name`, `items[xm]`) with the console's own field names.
 */
export function diffLabel(change: Pick<DiffChange, 'path' | 'label'>, lang: 'zh' | 'en', fieldName: (key: string) => string | undefined, itemFieldName: (key: string) => string | undefined, itemWord: string): string {
  if (lang === 'zh') return change.label;
  const item = change.path.match(/^items\[([^\]]+)\](?:\.(\w+))?$/);
  if (item) {
    const field = item[2] ? itemFieldName(item[2]) : undefined;
    return field ? `${itemWord} ${item[1]} · ${field}` : `${itemWord} ${item[1]}`;
  }
  return fieldName(change.path) ?? change.label;
}

/** A diff value as text: lists joined, booleans as yes/no, nothing as an em dash. */
export function diffValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、');
  if (typeof value === 'object') {
    const item = value as { name?: unknown; code?: unknown };
    if (typeof item.name === 'string' && typeof item.code === 'string') return `${item.name} (${item.code})`;
    return JSON.stringify(value);
  }
  return String(value);
}
