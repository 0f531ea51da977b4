import { isApiError } from '../../api/client.ts';
import { errorText, localiseMessage, stripFieldPrefix } from '../../api/errors.ts';

/** Whether a chosen file is meant to be a PDF (by type or name); the server checks the content. */
export function looksLikePdf(file: Pick<File, 'name' | 'type'>): boolean {
  return file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
}

/** 596 → "596 B", 2_400 → "2.3 KB", 5_300_000 → "5.1 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The letter errors (LETTER_NOT_PDF, LETTER_REQUIRED, the size limit) name the field `letter` in
 * their message and their one detail; shown once, without the prefix. Other errors (an edit the
 * catalog no longer allows) keep their list of details: returns undefined for them.
 */
export function letterErrorTitle(error: unknown, lang: 'zh' | 'en'): string | undefined {
  if (!isApiError(error) || !error.details.every((detail) => detail.field === 'letter')) return undefined;
  if (error.params) return stripFieldPrefix(errorText(error, lang), 'letter');
  return localiseMessage(stripFieldPrefix(error.message, 'letter'), lang);
}

/** ApiErrorAlert props for an error: a letter error once, with no repeated detail; others as they come. */
export function oneMessage(error: unknown, lang: 'zh' | 'en'): { title?: string; details?: [] } {
  const title = letterErrorTitle(error, lang);
  return title ? { title, details: [] } : {};
}
