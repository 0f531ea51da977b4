import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Radio, Result, Row, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SHARE_MODES, type ErrorDetail } from '@huitong/contracts';
import { useApplication, useCreateApplication, useUpdateApplication } from '../../api/applications.ts';
import { useCatalogEntry } from '../../api/catalog.ts';
import { isApiError } from '../../api/client.ts';
import { useSystems } from '../../api/systems.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { ShareTypeTag } from '../../components/CodeTags.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { localiseMessage } from '../../api/errors.ts';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';
import { ItemPicker } from './ItemPicker.tsx';
import {
  allowedShareModes,
  applicationToValues,
  itemChoices,
  needsCoordination,
  newApplicationValues,
  pickableCodes,
  planApplicationErrors,
  toApplicationInput,
  type ApplicationFormValues,
} from './applicationForm.ts';

const PHONE = /^1[3-9][0-9]{9}$/;

/**
 * 共享申请: a new application for a published entry (`/sharing/applications/new?entryId=…`) or the
 * edit of a draft or a refusal (`/sharing/applications/:id/edit`). Saving keeps a draft; the
 * stamped letter and the submission follow on the application's page.
 */
export function ApplicationFormPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const codes = useCodes();
  const me = useSession();
  const application = useApplication(id);
  const entryId = id ? application.data?.entry.id : (params.get('entryId') ?? undefined);
  const entry = useCatalogEntry(entryId);
  const systems = useSystems();
  const create = useCreateApplication();
  const update = useUpdateApplication(id ?? '');
  const [form] = Form.useForm<ApplicationFormValues>();
  const [summary, setSummary] = useState<{ error: unknown; details: ErrorDetail[] } | null>(null);
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({});

  const content = entry.data?.status === 'published' ? entry.data.current?.content : undefined;
  const choices = useMemo(() => (content ? itemChoices(content) : []), [content]);
  const ownSystems = useMemo(() => (systems.data ?? []).filter((s) => s.departmentId === me.organisationId), [systems.data, me.organisationId]);

  const initialValues = useMemo<ApplicationFormValues | null>(() => {
    if (!content || systems.isPending) return null;
    if (id) {
      if (!application.data) return null;
      const values = applicationToValues(application.data);
      return { ...values, itemCodes: pickableCodes(values.itemCodes, choices) };
    }
    // One active system: nothing to choose.
    const active = ownSystems.filter((s) => s.active);
    return { ...newApplicationValues(content, me.user.name), ...(active.length === 1 && { systemId: active[0]!.id }) };
  }, [id, application.data, content, choices, me.user.name, systems.isPending, ownSystems]);

  useEffect(() => {
    if (initialValues) form.setFieldsValue(initialValues);
  }, [initialValues, form]);

  if (!me.can('sharing:application:create')) return <Result status="403" title={t('sharing.form.notAllowed')} />;
  if (!entryId && !id) return <Result status="warning" title={t('sharing.form.noEntry')} extra={<Link to="/catalog">{t('notFound.back')}</Link>} />;
  if (application.error) return <RecordLoadError error={application.error} />;
  if (entry.error) return <RecordLoadError error={entry.error} />;
  if (id && application.data && !application.data.permissions.edit) return <Result status="warning" title={t('sharing.form.notEditable')} />;
  if (entry.data && !content) return <Result status="warning" title={t('sharing.form.notPublished')} />;
  if (entry.data && entry.data.providerDepartmentId === me.organisationId) return <Result status="warning" title={t('sharing.form.ownEntry')} />;
  if (!initialValues || !content || !entry.data) return <Skeleton active paragraph={{ rows: 12 }} />;

  const busy = create.isPending || update.isPending;
  const modes = allowedShareModes(content);
  const directAccess = isApiError(summary?.error) && summary.error.code === 'DIRECT_ACCESS';

  const save = async () => {
    setSummary(null);
    setItemErrors({});
    let values: ApplicationFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input = toApplicationInput(entry.data.id, values);
    try {
      const saved = id ? await update.mutateAsync(input) : await create.mutateAsync(input);
      void message.success(t('sharing.form.saved'));
      navigate(`/sharing/applications/${saved.id}`, { replace: !id });
    } catch (error) {
      if (!isApiError(error) || error.details.length === 0) {
        setSummary({ error, details: [] });
        return;
      }
      const plan = planApplicationErrors(error.details, input.itemCodes, codes.lang);
      applyFieldErrors(form, plan.fields);
      setItemErrors(plan.items);
      setSummary({ error, details: plan.summary });
      if (plan.fields[0]) form.scrollToField(plan.fields[0].name, { block: 'center' });
    }
  };

  return (
    <>
      <PageTitle
        title={id ? t('sharing.form.editTitle', { number: application.data?.number ?? '' }) : t('sharing.form.title')}
        subtitle={<Typography.Text type="secondary">{t('sharing.form.intro')}</Typography.Text>}
      />
      {directAccess ? (
        <Alert type="info" showIcon data-testid="direct-access" style={{ marginBottom: 16 }} title={t('sharing.form.directAccess')} description={localiseMessage((summary!.error as Error).message, codes.lang)} />
      ) : (
        summary && (
          <div data-testid="form-error-summary">
            <ApiErrorAlert
              error={summary.error}
              details={summary.details}
              title={isApiError(summary.error) && summary.error.details.length > summary.details.length ? t('edit.fieldErrors', { count: summary.error.details.length - summary.details.length }) : undefined}
            />
          </div>
        )
      )}
      <Card title={t('sharing.form.resource')} style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'name', label: t('fields.name'), children: <Link to={`/catalog/${entry.data.id}`}>{content.name}</Link> },
            { key: 'code', label: t('fields.resourceCode'), children: <Typography.Text code>{entry.data.resourceCode}</Typography.Text> },
            { key: 'provider', label: t('fields.provider'), children: entry.data.providerDepartmentName },
            { key: 'shareType', label: t('fields.shareType'), children: <ShareTypeTag value={content.shareType} /> },
            ...(content.shareConditions ? [{ key: 'conditions', label: t('fields.shareConditions'), children: content.shareConditions, span: 2 }] : []),
          ]}
        />
        {needsCoordination(content.shareType) && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('sharing.form.coordinationHint')} />}
      </Card>
      <Form<ApplicationFormValues> form={form} layout="vertical" initialValues={initialValues} scrollToFirstError disabled={busy}>
        <Card title={t('sharing.form.items')} style={{ marginBottom: 16 }}>
          <Form.Item name="itemCodes" rules={[{ type: 'array', required: true, min: 1, message: t('sharing.form.itemsRequired') }]} extra={t('sharing.form.itemsHint')}>
            <ItemPicker choices={choices} itemErrors={itemErrors} />
          </Form.Item>
        </Card>
        <Card title={t('sharing.form.use')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="shareMode" label={t('sharing.field.shareMode')} rules={[{ required: true, message: t('edit.required') }]}>
                <Radio.Group optionType="button" options={codes.options(SHARE_MODES, modes).filter((o) => !o.disabled)} data-testid="field-shareMode" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="systemId" label={t('sharing.field.system')} rules={[{ required: true, message: t('sharing.form.systemRequired') }]} extra={ownSystems.length === 0 && systems.isSuccess ? t('sharing.form.noSystems') : undefined}>
                <Select
                  data-testid="field-systemId"
                  loading={systems.isPending}
                  placeholder={t('sharing.form.systemPlaceholder')}
                  options={ownSystems.map((s) => ({ value: s.id, label: s.name, disabled: !s.active }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="period" label={t('sharing.field.period')} rules={[{ required: true, message: t('edit.required') }]} extra={t('sharing.form.periodHint')}>
                <DatePicker.RangePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(dayjs().startOf('day'))} data-testid="field-period" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="contactName" label={t('sharing.field.contactName')} rules={[{ required: true, min: 2, message: t('sharing.form.contactRequired') }]}>
                <Input maxLength={50} data-testid="field-contactName" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="contactPhone" label={t('sharing.field.contactPhone')} rules={[{ required: true, pattern: PHONE, message: t('users.phoneRule') }]}>
                <Input maxLength={11} inputMode="numeric" data-testid="field-contactPhone" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="purpose" label={t('sharing.field.purpose')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]}>
                <Input.TextArea rows={3} maxLength={1000} showCount data-testid="field-purpose" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="scenario" label={t('sharing.field.scenario')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]}>
                <Input.TextArea rows={3} maxLength={1000} showCount data-testid="field-scenario" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="basis" label={t('sharing.field.basis')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]} extra={t('sharing.form.basisHint')}>
                <Input.TextArea rows={3} maxLength={2000} showCount data-testid="field-basis" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="securityMeasures" label={t('sharing.field.securityMeasures')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]} extra={t('sharing.form.securityHint')}>
                <Input.TextArea rows={3} maxLength={2000} showCount data-testid="field-securityMeasures" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <Space wrap>
            <Button type="primary" onClick={() => void save()} loading={busy} data-testid="save-application">
              {t('sharing.form.save')}
            </Button>
            <Button onClick={() => navigate(id ? `/sharing/applications/${id}` : `/catalog/${entry.data.id}`)} disabled={busy}>
              {t('common.cancel')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" className="ht-help" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('sharing.form.nextHint')}
          </Typography.Paragraph>
        </Card>
      </Form>
    </>
  );
}
