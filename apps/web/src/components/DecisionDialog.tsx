import { useState } from 'react';
import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { useDecideStep, type StepKind } from '../api/applications.ts';
import { isApiError } from '../api/client.ts';
import { planFieldErrors } from '../api/errors.ts';
import { ruleValue, usePolicyRules } from '../api/meta.ts';
import { useCodes } from '../i18n/codes.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';
import { applyFieldErrors } from './formErrors.ts';
import { stepKindLabel } from './SharingTags.tsx';
import { legalBasisRequired, offersLegalBasis } from './steps.ts';

export interface DecisionTarget {
  id: string;
  number: string;
  entryName: string;
  applicantName: string;
  kind: StepKind;
  decision: 'approve' | 'reject';
}

interface Values {
  comment?: string;
  legalBasis?: string;
}

/**
 * 审核决定: approve or refuse the pending step of an application. A refusal needs its reasons; a
 * refusal at provider review or coordination also cites its legal or policy basis where the
 * profile requires it (the hint follows the profile; the server decides).
 */
export function DecisionDialog({ target, onClose }: { target: DecisionTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const rules = usePolicyRules();
  const decide = useDecideStep();
  const [form] = Form.useForm<Values>();
  const [summary, setSummary] = useState<{ error: unknown; details: ErrorDetail[] } | null>(null);
  const reject = target.decision === 'reject';
  const basisOffered = offersLegalBasis(target.kind, target.decision);
  const basisRequired = legalBasisRequired(target.kind, target.decision, ruleValue(rules.data, 'sharing.rejection_requires_legal_basis', false));

  const onFinish = async (values: Values) => {
    setSummary(null);
    try {
      await decide.mutateAsync({
        id: target.id,
        kind: target.kind,
        decision: target.decision,
        ...(values.comment?.trim() && { comment: values.comment.trim() }),
        ...(basisOffered && values.legalBasis?.trim() && { legalBasis: values.legalBasis.trim() }),
      });
      void message.success(reject ? t('sharing.decision.rejected') : t('sharing.decision.approved'));
      onClose();
    } catch (error) {
      if (!isApiError(error) || error.details.length === 0) {
        setSummary({ error, details: [] });
        return;
      }
      const plan = planFieldErrors(error.details, { isField: (name) => name.length === 1 && (name[0] === 'comment' || (basisOffered && name[0] === 'legalBasis')), lang: codes.lang });
      applyFieldErrors(form, plan.fields);
      setSummary(plan.summary.length > 0 ? { error, details: plan.summary } : null);
    }
  };

  return (
    <Modal
      open
      title={`${reject ? t('sharing.decision.reject') : t('sharing.decision.approve')} · ${stepKindLabel(codes, target.kind)}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={reject ? t('sharing.decision.reject') : t('sharing.decision.approve')}
      okButtonProps={{ danger: reject, 'data-testid': 'decision-confirm' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'number', label: t('sharing.field.number'), children: target.number },
          { key: 'entry', label: t('sharing.field.entry'), children: target.entryName },
          { key: 'applicant', label: t('sharing.field.applicant'), children: target.applicantName },
        ]}
      />
      {summary && <ApiErrorAlert error={summary.error} details={summary.details} />}
      {basisOffered && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={basisRequired ? t('sharing.decision.basisRequiredHint') : t('sharing.decision.basisHint')} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void onFinish(values)}>
        <Form.Item
          name="comment"
          label={reject ? t('sharing.decision.reasons') : t('sharing.decision.comment')}
          extra={reject ? t('sharing.decision.rejectHint') : t('sharing.decision.approveHint')}
          rules={reject ? [{ required: true, min: 2, message: t('sharing.decision.reasonsRequired') }] : []}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="decision-comment" />
        </Form.Item>
        {basisOffered && (
          <Form.Item name="legalBasis" label={t('sharing.field.legalBasis')} required={basisRequired} rules={basisRequired ? [{ required: true, min: 2, message: t('sharing.decision.basisRequired') }] : []}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="decision-legal-basis" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
