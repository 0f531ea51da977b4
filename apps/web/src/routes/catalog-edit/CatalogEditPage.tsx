import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { useCatalogEntry, useCreateEntry, useSaveDraft, workingVersionOf } from '../../api/catalog.ts';
import { isApiError } from '../../api/client.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { useDepartments } from '../../api/departments.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';
import { CatalogContentFields, keepContentConsistent, ownDepartmentClassOf } from './CatalogContentFields.tsx';
import { emptyContentValues, fromFormValues, isContentFormField, toFormValues, type ContentFormValues } from './contentForm.ts';

/** 编制目录: create an entry, or edit its draft / open a new version of a published entry. */
export function CatalogEditPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const codes = useCodes();
  const me = useSession();
  const departments = useDepartments();
  const entry = useCatalogEntry(id);
  const [form] = Form.useForm<ContentFormValues>();
  const create = useCreateEntry();
  const save = useSaveDraft(id ?? '');
  const [summary, setSummary] = useState<{ error: unknown; details: ErrorDetail[] } | null>(null);

  const ownDepartmentClass = ownDepartmentClassOf(departments.data, me.organisationId);

  const initialValues = useMemo<ContentFormValues | null>(() => {
    if (!id) return ownDepartmentClass || departments.isSuccess ? emptyContentValues(ownDepartmentClass ?? '') : null;
    if (!entry.data) return null;
    const working = workingVersionOf(entry.data);
    const source = working ?? entry.data.current;
    if (!source) return null;
    return toFormValues(source.content, working ? working.changeSummary : '');
  }, [id, entry.data, ownDepartmentClass, departments.isSuccess]);

  useEffect(() => {
    if (initialValues) form.setFieldsValue(initialValues);
  }, [initialValues, form]);

  if (!me.can('catalog:entry:create') && !me.can('catalog:entry:edit')) return <Result status="403" title={t('edit.notAllowed')} />;
  if (id && entry.error) return <ApiErrorAlert error={entry.error} />;
  if (id && entry.data && !entry.data.permissions.edit) return <Result status="warning" title={t('edit.notEditable')} />;
  if (!initialValues) return <Skeleton active paragraph={{ rows: 12 }} />;

  const busy = create.isPending || save.isPending;
  const lang = codes.lang;

  const showServerErrors = (error: unknown) => {
    if (!isApiError(error) || error.details.length === 0) {
      setSummary({ error, details: [] });
      return;
    }
    const itemCount = (form.getFieldValue('items') as unknown[] | undefined)?.length ?? 0;
    const plan = planFieldErrors(error.details, { prefix: 'content', isField: (name) => isContentFormField(name, itemCount), lang });
    applyFieldErrors(form, plan.fields);
    setSummary({ error, details: plan.summary });
    if (plan.fields[0]) form.scrollToField(plan.fields[0].name, { block: 'center' });
  };

  const persist = async () => {
    setSummary(null);
    let values: ContentFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input = fromFormValues(values);
    try {
      const saved = id ? await save.mutateAsync(input) : await create.mutateAsync(input);
      void message.success(t('edit.saved'));
      navigate(`/catalog/${saved.id}`, { replace: !id });
    } catch (error) {
      showServerErrors(error);
    }
  };

  return (
    <>
      <PageTitle
        title={id ? t('edit.editTitle', { name: entry.data?.current?.content.name ?? '' }) : t('nav.create')}
        subtitle={id && entry.data ? <Typography.Text code>{entry.data.resourceCode}</Typography.Text> : <Typography.Text type="secondary">{t('edit.intro')}</Typography.Text>}
      />
      {id && entry.data?.status === 'published' && !entry.data.pending && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('edit.newVersionHint')} />}
      {summary && (
        <div data-testid="form-error-summary">
          <ApiErrorAlert error={summary.error} details={summary.details} title={isApiError(summary.error) && summary.error.details.length > summary.details.length ? t('edit.fieldErrors', { count: summary.error.details.length - summary.details.length }) : undefined} />
        </div>
      )}
      <Form<ContentFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        scrollToFirstError
        onValuesChange={(changed, all) => keepContentConsistent(form, changed, all)}
        disabled={busy}
      >
        <CatalogContentFields form={form} />

        <Card style={{ marginBottom: 16 }}>
          <Form.Item name="changeSummary" label={t('fields.changeSummary')} extra={t('edit.changeSummaryHint')}>
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
          <Space wrap>
            <Button type="primary" onClick={() => void persist()} loading={busy} data-testid="save-draft">
              {t('edit.saveDraft')}
            </Button>
            <Button onClick={() => navigate(id ? `/catalog/${id}` : '/catalog/mine')} disabled={busy}>
              {t('common.cancel')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" className="ht-help" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('edit.submitHint')}
          </Typography.Paragraph>
        </Card>
      </Form>
    </>
  );
}
