import { App, Button, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogEntryDetail } from '@huitong/contracts';
import { useDeactivateApiService, useEntryApiService, useProbeApiService, useRegisterApiService, type ApiAuthKind, type ApiProbeResult, type ApiService, type ApiServiceInput } from '../../api/apiServices.ts';
import { isApiError } from '../../api/client.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { useSession } from '../../app/session.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { formatDateTime } from '../../components/format.ts';
import { useCodes } from '../../i18n/codes.ts';

type Values = Omit<ApiServiceInput, 'entryId'>;

/** The form's field paths, for placing the server's field errors. */
const FIELDS = new Set(['baseUrl', 'openapi', 'operations', 'probePath', 'auth.kind', 'auth.name', 'auth.value', 'auth.username', 'auth.password', 'auth.tokenUrl', 'auth.clientId', 'auth.clientSecret', 'auth.scope', 'connectTimeoutMs', 'readTimeoutMs']);
const AUTH_KINDS: ApiAuthKind[] = ['none', 'header', 'basic', 'oauth2_client_credentials'];

function ProbeResultView({ result, at }: { result: ApiProbeResult; at: string | null }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="api-probe-result">
      <Space>
        <Tag color={result.ok ? 'success' : 'error'}>{result.ok ? t('apiService.probeOk') : t('apiService.probeFailed')}</Tag>
        <Typography.Text type="secondary">{t('apiService.latency', { ms: result.latencyMs })}</Typography.Text>
        {at && <Typography.Text type="secondary">{formatDateTime(at)}</Typography.Text>}
      </Space>
      {result.problems.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(_p, index) => String(index)}
          dataSource={result.problems}
          columns={[
            { title: t('apiService.operation'), dataIndex: 'operation', width: 180, render: (value: string | null) => value ?? '—' },
            { title: t('apiService.problemCode'), dataIndex: 'code', width: 180, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
            { title: t('apiService.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

function Registered({ service, canManage }: { service: ApiService; canManage: boolean }) {
  const { t } = useTranslation();
  const probe = useProbeApiService();
  const deactivate = useDeactivateApiService();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ApiErrorAlert error={probe.error ?? deactivate.error} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('apiService.baseUrl')}>{service.baseUrl}</Descriptions.Item>
        <Descriptions.Item label={t('apiService.document')}>{`${service.title} ${service.version} (OpenAPI ${service.openapiVersion})`}</Descriptions.Item>
        <Descriptions.Item label={t('apiService.operations')}>{service.operations.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('apiService.authKind')}>
          {t(`apiService.auth.${service.auth.kind}`)}
          {service.auth.kind !== 'none' && <Typography.Text type="secondary">{` · ${service.auth.secretSet ? t('apiService.secretSet') : t('apiService.secretNotSet')}`}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('apiService.timeouts')}>{t('apiService.timeoutValues', { connect: service.connectTimeoutMs, read: service.readTimeoutMs })}</Descriptions.Item>
        <Descriptions.Item label={t('apiService.lastProbe')}>{service.lastProbe ? <ProbeResultView result={service.lastProbe} at={service.lastProbeAt} /> : t('apiService.notProbed')}</Descriptions.Item>
      </Descriptions>
      {canManage && (
        <Space>
          <Button type="primary" loading={probe.isPending} onClick={() => probe.mutate(service.id)}>
            {t('apiService.probe')}
          </Button>
          <Popconfirm title={t('apiService.deactivateConfirm')} onConfirm={() => deactivate.mutate(service.id)}>
            <Button danger loading={deactivate.isPending}>
              {t('apiService.deactivate')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Space>
  );
}

function RegisterForm({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch(['auth', 'kind'], form) ?? 'none';
  const register = useRegisterApiService();
  const probe = useProbeApiService();
  const onFinish = (values: Values) => {
    register.mutate(
      { ...values, entryId, probePath: values.probePath || undefined },
      {
        // Registration is followed by the probe, whose result the registered view shows.
        onSuccess: (created) => {
          void message.success(t('apiService.registered'));
          probe.mutate(created.id);
        },
        onError: (error) => {
          if (isApiError(error)) applyFieldErrors(form, planFieldErrors(error.details, { isField: (name) => FIELDS.has(name.join('.')), lang: codes.lang }).fields);
        },
      },
    );
  };
  const required = [{ required: true, message: t('edit.required') }];
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ auth: { kind: 'none' }, connectTimeoutMs: 3000, readTimeoutMs: 10000 }} style={{ maxWidth: 720 }} data-testid="api-service-form">
      <ApiErrorAlert error={isApiError(register.error) && register.error.details.some((d) => d.field && FIELDS.has(d.field.replace(/\[\d+\]$/, ''))) ? null : register.error} />
      <Form.Item name="baseUrl" label={t('apiService.baseUrl')} extra={t('apiService.baseUrlHint')} rules={required}>
        <Input maxLength={2000} placeholder="https://api.example.gov.cn/v1" />
      </Form.Item>
      <Form.Item name="openapi" label={t('apiService.document')} extra={t('apiService.documentHint')} rules={required}>
        <Input.TextArea rows={8} maxLength={512 * 1024} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="operations" label={t('apiService.operations')} extra={t('apiService.operationsHint')} rules={required}>
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
      </Form.Item>
      <Form.Item name="probePath" label={t('apiService.probePath')} extra={t('apiService.probePathHint')}>
        <Input maxLength={500} placeholder="/health" />
      </Form.Item>
      <Form.Item name={['auth', 'kind']} label={t('apiService.authKind')} rules={required}>
        <Select options={AUTH_KINDS.map((value) => ({ value, label: t(`apiService.auth.${value}`) }))} />
      </Form.Item>
      {kind === 'header' && (
        <>
          <Form.Item name={['auth', 'name']} label={t('apiService.headerName')} rules={required}>
            <Input maxLength={100} placeholder="X-Api-Key" />
          </Form.Item>
          <Form.Item name={['auth', 'value']} label={t('apiService.headerValue')} rules={required}>
            <Input.Password maxLength={4096} autoComplete="off" />
          </Form.Item>
        </>
      )}
      {kind === 'basic' && (
        <>
          <Form.Item name={['auth', 'username']} label={t('apiService.username')} rules={required}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item name={['auth', 'password']} label={t('apiService.password')} rules={required}>
            <Input.Password maxLength={4096} autoComplete="new-password" />
          </Form.Item>
        </>
      )}
      {kind === 'oauth2_client_credentials' && (
        <>
          <Form.Item name={['auth', 'tokenUrl']} label={t('apiService.tokenUrl')} rules={required}>
            <Input maxLength={2000} />
          </Form.Item>
          <Form.Item name={['auth', 'clientId']} label={t('apiService.clientId')} rules={required}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item name={['auth', 'clientSecret']} label={t('apiService.clientSecret')} rules={required}>
            <Input.Password maxLength={4096} autoComplete="off" />
          </Form.Item>
          <Form.Item name={['auth', 'scope']} label={t('apiService.scope')}>
            <Input maxLength={1000} />
          </Form.Item>
        </>
      )}
      <Space>
        <Form.Item name="connectTimeoutMs" label={t('apiService.connectTimeout')}>
          <InputNumber min={100} max={10000} step={500} />
        </Form.Item>
        <Form.Item name="readTimeoutMs" label={t('apiService.readTimeout')}>
          <InputNumber min={100} max={30000} step={1000} />
        </Form.Item>
      </Space>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending || probe.isPending}>
          {t('apiService.register')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** 服务接口 (on 目录详情 of a published 接口代理 entry): the registration, its last probe, and the form to register one. */
export function EntryApiService({ entry }: { entry: CatalogEntryDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const canRead = session.can('api-service:read');
  const canManage = session.can('api-service:manage') && entry.providerDepartmentId === session.organisationId;
  const service = useEntryApiService(entry.id, canRead);
  if (!canRead) return <Empty description={t('apiService.notVisible')} />;
  if (service.isPending) return <Skeleton active />;
  if (service.error) return <ApiErrorAlert error={service.error} />;
  if (service.data) return <Registered service={service.data} canManage={canManage} />;
  if (!canManage) return <Empty description={t('apiService.none')} />;
  return <RegisterForm entryId={entry.id} />;
}
