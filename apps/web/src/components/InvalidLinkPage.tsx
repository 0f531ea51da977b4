import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isInvalidLink } from '../api/errors.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';

/** 链接无效或您无权查看: a mistyped, outdated or foreign link to a record. */
export function InvalidLinkPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      data-testid="invalid-link"
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('invalidLink.title')}</h1>}
      subTitle={t('invalidLink.subtitle')}
      extra={
        <Link to="/catalog">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}

/** A record page's load error: the invalid-link page when the address is wrong, else the error. */
export function RecordLoadError({ error }: { error: unknown }) {
  return isInvalidLink(error) ? <InvalidLinkPage /> : <ApiErrorAlert error={error} />;
}
