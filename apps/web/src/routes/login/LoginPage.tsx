import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogin, useMe } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { errorText as apiErrorText, localiseMessage, lockedUntilFrom } from '../../api/errors.ts';
import { useMeta } from '../../api/meta.ts';
import { formatDateTime } from '../../components/format.ts';
import { changeLanguage } from '../../i18n/setup.ts';
import { safeNext } from './safeNext.ts';
import { codeLang, type Language } from '../../i18n/language.ts';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const meta = useMeta();
  const login = useLogin();
  const next = safeNext(params.get('next'));
  const lang = codeLang(i18n.language);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  if (me.data) return <Navigate to={next} replace />;

  const onFinish = (values: { username: string; password: string }) => {
    login.mutate({ username: values.username.trim(), password: values.password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  let errorText: string | null = null;
  if (login.error) {
    const lockedUntil = lockedUntilFrom(login.error);
    if (lockedUntil) errorText = t('login.locked', { until: formatDateTime(lockedUntil.toISOString()) });
    else if (isApiError(login.error) && login.error.status === 401) errorText = t('login.invalid');
    else errorText = isApiError(login.error) ? apiErrorText(login.error, lang) : localiseMessage(login.error.message, lang);
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', gridTemplateColumns: 'minmax(0, 400px)', justifyContent: 'center', alignItems: 'center', boxSizing: 'border-box', background: 'linear-gradient(160deg, #0b4fa8 0%, #16325c 100%)', padding: 16 }}>
      <Card style={{ width: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Segmented<Language>
            size="small"
            aria-label={t('header.language')}
            value={lang === 'en' ? 'en' : 'zh-CN'}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en' },
            ]}
            onChange={changeLanguage}
          />
        </div>
        <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center', marginBottom: 4 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
          {meta.data && (
            <>
              <br />
              {meta.data.policy.name}
            </>
          )}
        </Typography.Paragraph>
        {errorText && <Alert type="error" showIcon title={errorText} role="alert" data-testid="login-error" style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.notice')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
