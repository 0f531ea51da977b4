import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Form, Input, Modal } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, ExclamationCircleOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Application } from '@huitong/contracts';
import { useDisputeApplication, useSubmitApplication, useWithdrawApplication, type StepKind } from '../../api/applications.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DecisionDialog, type DecisionTarget } from '../../components/DecisionDialog.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { oneMessage } from './letter.ts';

type Dialog = 'withdraw' | 'dispute' | null;

/** The buttons an application offers, exactly as its `permissions` allow, with their dialogs. */
export function ApplicationActions({ application }: { application: Application }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [decision, setDecision] = useState<DecisionTarget | null>(null);
  const [reasonForm] = Form.useForm<{ reason?: string }>();
  const submit = useSubmitApplication(application.id);
  const withdraw = useWithdrawApplication(application.id);
  const dispute = useDisputeApplication(application.id);
  const p = application.permissions;
  const pending = application.steps.find((step) => step.state === 'pending');
  // The server records a submission after an earlier one (refused, then edited or not) as a resubmission.
  const resubmit = application.submittedAt !== null;

  const decide = (choice: 'approve' | 'reject') =>
    pending &&
    setDecision({ id: application.id, number: application.number, entryName: application.entry.name, applicantName: application.applicantDepartment.name, kind: pending.kind as StepKind, decision: choice });

  const close = () => {
    setDialog(null);
    withdraw.reset();
    dispute.reset();
    reasonForm.resetFields();
  };

  const onReason = (values: { reason?: string }) => {
    const reason = values.reason?.trim();
    if (dialog === 'withdraw') withdraw.mutate(reason || undefined, { onSuccess: () => (void message.success(t('sharing.actions.withdrawn')), close()) });
    if (dialog === 'dispute' && reason) dispute.mutate(reason, { onSuccess: () => (void message.success(t('sharing.actions.disputed')), close()) });
  };

  return (
    <>
      {p.edit && (
        <Link to={`/sharing/applications/${application.id}/edit`}>
          <Button icon={<EditOutlined />} data-testid="edit-application">
            {t('sharing.actions.edit')}
          </Button>
        </Link>
      )}
      {p.submit && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={submit.isPending}
          onClick={() => submit.mutate(undefined, { onSuccess: () => void message.success(t('sharing.actions.submitted')) })}
          data-testid="submit-application"
        >
          {resubmit ? t('sharing.actions.resubmit') : t('sharing.actions.submit')}
        </Button>
      )}
      {p.decide && pending && (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => decide('approve')} data-testid="approve-step">
            {t('sharing.decision.approve')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => decide('reject')} data-testid="reject-step">
            {t('sharing.decision.reject')}
          </Button>
        </>
      )}
      {p.dispute && (
        <Button icon={<ExclamationCircleOutlined />} onClick={() => setDialog('dispute')} data-testid="dispute-application">
          {t('sharing.actions.dispute')}
        </Button>
      )}
      {p.withdraw && (
        <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('withdraw')} data-testid="withdraw-application">
          {t('sharing.actions.withdraw')}
        </Button>
      )}
      {submit.error && (
        <div style={{ flexBasis: '100%' }}>
          <ApiErrorAlert error={submit.error} onClose={() => submit.reset()} {...oneMessage(submit.error, codes.lang)} />
        </div>
      )}

      <Modal
        open={dialog !== null}
        title={dialog === 'dispute' ? t('sharing.actions.dispute') : t('sharing.actions.withdraw')}
        onCancel={close}
        onOk={() => reasonForm.submit()}
        okText={dialog === 'dispute' ? t('sharing.actions.dispute') : t('sharing.actions.withdraw')}
        okButtonProps={{ danger: dialog === 'withdraw', 'data-testid': 'reason-confirm' } as never}
        cancelText={t('common.cancel')}
        confirmLoading={withdraw.isPending || dispute.isPending}
        destroyOnHidden
      >
        <ApiErrorAlert error={withdraw.error ?? dispute.error} />
        <Form form={reasonForm} layout="vertical" onFinish={onReason}>
          <Form.Item
            name="reason"
            label={dialog === 'dispute' ? t('sharing.actions.disputeReason') : t('sharing.actions.withdrawReason')}
            extra={dialog === 'dispute' ? t('sharing.actions.disputeHint') : t('sharing.actions.withdrawHint')}
            rules={dialog === 'dispute' ? [{ required: true, min: 4, message: t('sharing.form.textMin') }] : []}
          >
            <Input.TextArea rows={4} maxLength={dialog === 'dispute' ? 2000 : 1000} showCount data-testid="reason-input" />
          </Form.Item>
        </Form>
      </Modal>
      {decision && <DecisionDialog target={decision} onClose={() => setDecision(null)} />}
    </>
  );
}
