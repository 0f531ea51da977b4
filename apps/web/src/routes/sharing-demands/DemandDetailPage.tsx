import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Result, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { isApiError } from '../../api/client.ts';
import { useDemand, useAnswerDemand } from '../../api/demands.ts';
import { useDepartments } from '../../api/departments.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';
import { CatalogContentFields, keepContentConsistent, ownDepartmentClassOf } from '../catalog-edit/CatalogContentFields.tsx';
import { fromFormValues, isContentFormField, type ContentFormValues } from '../catalog-edit/contentForm.ts';
import { DemandDue, DemandStateTag } from './DemandTags.tsx';
import { draftFromDemand, mayAnswer, splitDemandErrors } from './demandAnswer.ts';

interface AnswerValues {
  decision: 'agree' | 'decline';
  answer: string;
}

/** The provider's answer: agree (with the catalog draft for the demanded data) or decline, with reasons. */
function AnswerPanel({ demandId, initialDraft }: { demandId: string; initialDraft: ContentFormValues }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const [answerForm] = Form.useForm<AnswerValues>();
  const [draftForm] = Form.useForm<ContentFormValues>();
  const answer = useAnswerDemand(demandId);
  const decision = Form.useWatch('decision', answerForm) ?? 'agree';
  const [summary, setSummary] = useState<{ error: unknown; details: ErrorDetail[] } | null>(null);

  const submit = async () => {
    setSummary(null);
    let values: AnswerValues;
    let draft: ContentFormValues | undefined;
    try {
      values = await answerForm.validateFields();
      if (values.decision === 'agree') draft = await draftForm.validateFields();
    } catch {
      return;
    }
    try {
      await answer.mutateAsync({ decision: values.decision, answer: values.answer.trim(), ...(draft && { draft: fromFormValues(draft).content }) });
      void message.success(t('sharing.demands.answered'));
    } catch (error) {
      if (!isApiError(error) || error.details.length === 0) {
        setSummary({ error, details: [] });
        return;
      }
      const split = splitDemandErrors(error.details);
      const answerPlan = planFieldErrors(split.answer, { isField: (name) => name.length === 1 && (name[0] === 'answer' || name[0] === 'decision'), lang: codes.lang });
      applyFieldErrors(answerForm, answerPlan.fields);
      const itemCount = (draftForm.getFieldValue('items') as unknown[] | undefined)?.length ?? 0;
      const draftPlan = planFieldErrors(split.draft, { prefix: 'content', isField: (name) => isContentFormField(name, itemCount), lang: codes.lang });
      applyFieldErrors(draftForm, draftPlan.fields);
      const rest = [...answerPlan.summary, ...draftPlan.summary];
      setSummary({ error, details: rest });
      if (draftPlan.fields[0]) draftForm.scrollToField(draftPlan.fields[0].name, { block: 'center' });
    }
  };

  return (
    <Card title={t('sharing.demands.answer')} style={{ marginBottom: 16 }} data-testid="demand-answer">
      {summary && (
        <ApiErrorAlert
          error={summary.error}
          details={summary.details}
          title={isApiError(summary.error) && summary.error.details.length > summary.details.length ? t('edit.fieldErrors', { count: summary.error.details.length - summary.details.length }) : undefined}
        />
      )}
      <Form<AnswerValues> form={answerForm} layout="vertical" initialValues={{ decision: 'agree', answer: '' }} disabled={answer.isPending}>
        <Form.Item name="decision" label={t('sharing.demands.decision')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'agree', label: t('sharing.demands.agree') },
              { value: 'decline', label: t('sharing.demands.decline') },
            ]}
          />
        </Form.Item>
        <Form.Item name="answer" label={t('sharing.demands.answerText')} rules={[{ required: true, min: 2, message: t('sharing.demands.answerRequired') }]} extra={decision === 'decline' ? t('sharing.demands.declineHint') : undefined}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="demand-answer-text" />
        </Form.Item>
      </Form>
      {decision === 'agree' && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sharing.demands.draftHint')} />
          <Form<ContentFormValues> form={draftForm} layout="vertical" initialValues={initialDraft} scrollToFirstError onValuesChange={(changed, all) => keepContentConsistent(draftForm, changed, all)} disabled={answer.isPending}>
            <CatalogContentFields form={draftForm} />
          </Form>
        </>
      )}
      <Button type="primary" onClick={() => void submit()} loading={answer.isPending} data-testid="demand-answer-submit">
        {decision === 'agree' ? t('sharing.demands.agreeSubmit') : t('sharing.demands.declineSubmit')}
      </Button>
    </Card>
  );
}

/** 需求详情: what is wanted and why, the deadline, the provider's answer and the catalog draft it produced. */
export function DemandDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const me = useSession();
  const demand = useDemand(id);
  const departments = useDepartments();
  const ownClass = ownDepartmentClassOf(departments.data, me.organisationId);
  const initialDraft = useMemo(() => (demand.data ? draftFromDemand(demand.data, ownClass) : null), [demand.data, ownClass]);

  if (demand.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (demand.error) return <RecordLoadError error={demand.error} />;
  const d = demand.data;
  const answering = mayAnswer(d, me.organisationId, me.can('sharing:demand:answer'));
  return (
    <>
      <PageTitle
        title={d.title}
        subtitle={
          <Space wrap size={4}>
            <DemandStateTag value={d.state} />
            <Typography.Text type="secondary">
              {d.requesterDepartment.name} → {d.provider.name}
            </Typography.Text>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'requester', label: t('sharing.demands.requester'), children: `${d.requesterDepartment.name} · ${d.requesterName}` },
            { key: 'provider', label: t('fields.provider'), children: d.provider.name },
            { key: 'receivedAt', label: t('sharing.demands.receivedAt'), children: formatDateTime(d.receivedAt) },
            { key: 'dueOn', label: t('sharing.demands.dueOn'), children: <DemandDue demand={d} /> },
            { key: 'description', label: t('sharing.demands.description'), children: d.description, span: 2 },
            { key: 'itemsWanted', label: t('sharing.demands.itemsWanted'), children: d.itemsWanted ?? '—', span: 2 },
            { key: 'purpose', label: t('sharing.field.purpose'), children: d.purpose, span: 2 },
            { key: 'basis', label: t('sharing.field.basis'), children: d.basis ?? '—', span: 2 },
            ...(d.answeredAt
              ? [
                  { key: 'answeredAt', label: t('sharing.demands.answeredAt'), children: formatDateTime(d.answeredAt) },
                  {
                    key: 'entry',
                    label: t('sharing.demands.catalogEntry'),
                    // The draft is the provider's until it is published; the requester finds it in the catalog then.
                    children: d.catalogEntryId ? d.provider.id === me.organisationId ? <Link to={`/catalog/${d.catalogEntryId}`}>{t('sharing.demands.viewEntry')}</Link> : t('sharing.demands.entryDrafted') : '—',
                  },
                  { key: 'answer', label: t('sharing.demands.answerText'), children: d.answer, span: 2 },
                ]
              : []),
          ]}
        />
      </Card>
      {answering && initialDraft && <AnswerPanel demandId={d.id} initialDraft={initialDraft} />}
    </>
  );
}
