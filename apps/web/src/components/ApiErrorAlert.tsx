import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { isApiError } from '../api/client.ts';
import { detailText, errorText } from '../api/errors.ts';
import { codeLang } from '../i18n/language.ts';

/** A server text with no Chinese in it (a schema message) is not shown in the Chinese console. */
function inLanguage(text: string, lang: 'zh' | 'en', fallback: string): string {
  return lang === 'zh' && !/[\u4e00-\u9fff]/.test(text) ? fallback : text;
}

/**
 * Shows an API error: the server's message, then its details (or only `details` when given,
 * e.g. the ones no form field could show), and the request id for support.
 */
export function ApiErrorAlert({ error, details, title, onClose }: { error: unknown; details?: readonly ErrorDetail[]; title?: string; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const lang = codeLang(i18n.language);
  const api = isApiError(error) ? error : null;
  const list = details ?? api?.details ?? [];
  // With several details the server's message repeats them all; a count reads better above the list.
  const serverMessage = api ? (list.length > 1 ? t('errors.count', { count: list.length }) : errorText(api, lang)) : error instanceof Error ? error.message : String(error);
  // A catalog-rendered text is in the console's language even when it holds no Chinese (an ajv reason).
  const message = title ?? (api?.params ? serverMessage : inLanguage(serverMessage, lang, t('errors.unreadable')));
  return (
    <Alert
      type="error"
      showIcon
      closable={Boolean(onClose)}
      onClose={onClose}
      role="alert"
      data-testid="api-error"
      style={{ marginBottom: 16 }}
      title={message}
      description={
        <>
          {title && !details && <div>{serverMessage}</div>}
          {list.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {list.map((detail, index) => (
                <li key={index}>{detail.code && detail.params ? detailText(detail, lang) : inLanguage(detailText(detail, lang), lang, t('errors.unreadable'))}</li>
              ))}
            </ul>
          )}
          {api?.requestId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('errors.requestId')}{t('common.colon')}{api.requestId}
            </Typography.Text>
          )}
        </>
      }
    />
  );
}
