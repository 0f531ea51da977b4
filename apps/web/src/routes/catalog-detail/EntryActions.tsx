import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Form, Input, Modal, Popconfirm } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, FileProtectOutlined, RollbackOutlined, SendOutlined, StopOutlined, SafetyCertificateOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CatalogEntryDetail } from '@huitong/contracts';
import { useDiscardDraft, useEntryAction, useRequestOffline, useReview, type EntryAction, workingVersionOf } from '../../api/catalog.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EntrySelect } from '../../components/EntrySelect.tsx';
import { useSession } from '../../app/session.ts';

type Dialog = 'approve' | 'reject' | 'offline' | null;

/** The buttons an entry offers, exactly as its `permissions` allow, with their dialogs. */
export function EntryActions({ entry }: { entry: CatalogEntryDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useSession();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reviewForm] = Form.useForm<{ comment?: string }>();
  const [offlineForm] = Form.useForm<{ reason: string; replacementEntryId?: string }>();
  const action = useEntryAction(entry.id);
  const review = useReview(entry.id);
  const offline = useRequestOffline(entry.id);
  const discard = useDiscardDraft(entry.id);
  const p = entry.permissions;
  const workingVersion = workingVersionOf(entry);
  const discardable = p.edit && workingVersion && (workingVersion.state === 'draft' || workingVersion.state === 'rejected');
  // Another department's published entry: the data officer may apply to use it (the server decides on 专用 entries).
  const mayApply = me.can('sharing:application:create') && entry.status === 'published' && entry.providerDepartmentId !== me.organisationId;
  const mayConfirm = me.can('catalog:maintenance:manage') && entry.status === 'published' && (entry.providerDepartmentId === me.organisationId || me.can('catalog:entry:review'));

  const run = (name: EntryAction, done: string) => action.mutate(name, { onSuccess: () => void message.success(done) });

  const closeDialog = () => {
    setDialog(null);
    review.reset();
    offline.reset();
  };

  const submitReview = (values: { comment?: string }) => {
    const decision = dialog === 'reject' ? 'reject' : 'approve';
    review.mutate(
      { decision, comment: values.comment?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(decision === 'approve' ? t('actions.approved') : t('actions.rejected'));
          reviewForm.resetFields();
          setDialog(null);
        },
      },
    );
  };

  const submitOffline = (values: { reason: string; replacementEntryId?: string }) => {
    offline.mutate(
      { reason: values.reason.trim(), ...(values.replacementEntryId && { replacementEntryId: values.replacementEntryId }) },
      {
        onSuccess: () => {
          void message.success(t('actions.offlineRequested'));
          offlineForm.resetFields();
          setDialog(null);
        },
      },
    );
  };

  return (
    <>
      {mayApply && (
        <Link to={`/sharing/applications/new?entryId=${entry.id}`}>
          <Button type="primary" icon={<FileProtectOutlined />} data-testid="apply-entry">
            {t('sharing.apply')}
          </Button>
        </Link>
      )}
      {p.edit && (
        <Link to={`/catalog/${entry.id}/edit`}>
          <Button icon={<EditOutlined />} data-testid="edit-entry">
            {workingVersion ? t('actions.editDraft') : t('actions.edit')}
          </Button>
        </Link>
      )}
      {discardable && (
        <Popconfirm
          title={entry.status === 'draft' ? t('actions.discardEntryConfirm') : t('actions.discardConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            discard.mutate(undefined, {
              onSuccess: (result) => {
                void message.success(t('actions.discarded'));
                if (result.entryDeleted) navigate('/catalog/mine', { replace: true });
              },
            })
          }
        >
          <Button danger icon={<DeleteOutlined />} loading={discard.isPending}>
            {t('actions.discard')}
          </Button>
        </Popconfirm>
      )}
      {p.submit && (
        <Button type="primary" icon={<SendOutlined />} loading={action.isPending && action.variables === 'submit'} onClick={() => run('submit', t('actions.submitted'))} data-testid="submit-entry">
          {t('actions.submit')}
        </Button>
      )}
      {p.withdraw && (
        <Button icon={<RollbackOutlined />} loading={action.isPending && action.variables === 'withdraw'} onClick={() => run('withdraw', t('actions.withdrawn'))} data-testid="withdraw-entry">
          {t('actions.withdraw')}
        </Button>
      )}
      {p.review && (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('approve')} data-testid="approve-entry">
            {t('actions.approve')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => setDialog('reject')} data-testid="reject-entry">
            {t('actions.reject')}
          </Button>
        </>
      )}
      {p.requestOffline && (
        <Button danger icon={<StopOutlined />} onClick={() => setDialog('offline')} data-testid="offline-entry">
          {t('actions.requestOffline')}
        </Button>
      )}
      {mayConfirm && (
        <Popconfirm title={t('actions.confirmCurrentHint')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => run('confirm-current', t('actions.confirmedCurrent'))}>
          <Button icon={<SafetyCertificateOutlined />}>{t('actions.confirmCurrent')}</Button>
        </Popconfirm>
      )}
      {(action.error || discard.error) && (
        <div style={{ flexBasis: '100%' }}>
          <ApiErrorAlert error={action.error ?? discard.error} onClose={() => (action.reset(), discard.reset())} />
        </div>
      )}

      <Modal
        title={dialog === 'reject' ? t('actions.reject') : t('actions.approve')}
        open={dialog === 'approve' || dialog === 'reject'}
        onCancel={closeDialog}
        onOk={() => reviewForm.submit()}
        okText={dialog === 'reject' ? t('actions.reject') : t('actions.approve')}
        okButtonProps={{ danger: dialog === 'reject', 'data-testid': 'review-confirm' } as never}
        confirmLoading={review.isPending}
        destroyOnHidden
      >
        <ApiErrorAlert error={review.error} />
        <Form form={reviewForm} layout="vertical" onFinish={submitReview}>
          <Form.Item
            name="comment"
            label={t('actions.reviewComment')}
            extra={dialog === 'reject' ? t('actions.rejectHint') : t('actions.approveHint')}
            rules={dialog === 'reject' ? [{ required: true, min: 2, message: t('actions.rejectReasonRequired') }] : []}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount data-testid="review-comment" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={t('actions.requestOffline')} open={dialog === 'offline'} onCancel={closeDialog} onOk={() => offlineForm.submit()} okButtonProps={{ danger: true }} confirmLoading={offline.isPending} destroyOnHidden>
        <ApiErrorAlert error={offline.error} />
        <Form form={offlineForm} layout="vertical" onFinish={submitOffline}>
          <Form.Item name="reason" label={t('actions.offlineReason')} rules={[{ required: true, min: 2, message: t('actions.offlineReasonRequired') }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="replacementEntryId" label={t('actions.replacement')} extra={t('actions.replacementHint')}>
            <EntrySelect excludeId={entry.id} allowClear placeholder={t('actions.replacementPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
