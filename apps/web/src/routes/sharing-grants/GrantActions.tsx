import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Grant } from '@huitong/contracts';
import { useConfirmDestruction, useRevokeGrant } from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';

type Dialog = 'revoke' | 'destroy' | null;

/** 撤销授权 (provider or operator, with a reason) and 确认销毁 (consumer, once the grant is no longer in force). */
export function GrantActions({ grant, size = 'middle' }: { grant: Grant; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ text: string }>();
  const revoke = useRevokeGrant();
  const destroy = useConfirmDestruction();
  const link = size === 'small' ? ('link' as const) : undefined;

  const close = () => {
    setDialog(null);
    revoke.reset();
    destroy.reset();
    form.resetFields();
  };

  const onFinish = ({ text }: { text: string }) => {
    if (dialog === 'revoke') revoke.mutate({ id: grant.id, reason: text.trim() }, { onSuccess: () => (void message.success(t('sharing.grants.revoked')), close()) });
    if (dialog === 'destroy') destroy.mutate({ id: grant.id, note: text.trim() }, { onSuccess: () => (void message.success(t('sharing.grants.destroyed')), close()) });
  };

  if (!grant.permissions.revoke && !grant.permissions.confirmDestruction) return null;
  return (
    <>
      <Space size={size === 'small' ? 0 : 8} wrap>
        {grant.permissions.revoke && (
          <Button size={size} type={link} danger onClick={() => setDialog('revoke')} data-testid="revoke-grant">
            {t('sharing.grants.revoke')}
          </Button>
        )}
        {grant.permissions.confirmDestruction && (
          <Button size={size} type={link} onClick={() => setDialog('destroy')} data-testid="confirm-destruction">
            {t('sharing.grants.confirmDestruction')}
          </Button>
        )}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog === 'revoke' ? t('sharing.grants.revokeTitle', { name: grant.entry.name }) : t('sharing.grants.confirmDestruction')}
        onCancel={close}
        onOk={() => form.submit()}
        okText={dialog === 'revoke' ? t('sharing.grants.revoke') : t('common.confirm')}
        okButtonProps={{ danger: dialog === 'revoke', 'data-testid': 'grant-dialog-confirm' } as never}
        cancelText={t('common.cancel')}
        confirmLoading={revoke.isPending || destroy.isPending}
        destroyOnHidden
      >
        <ApiErrorAlert error={revoke.error ?? destroy.error} />
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item
            name="text"
            label={dialog === 'revoke' ? t('sharing.grants.revokeReason') : t('sharing.grants.destructionNote')}
            extra={dialog === 'revoke' ? t('sharing.grants.revokeHint') : t('sharing.grants.destructionHint')}
            rules={[{ required: true, min: dialog === 'revoke' ? 4 : 2, message: dialog === 'revoke' ? t('sharing.form.textMin') : t('sharing.grants.noteRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="grant-dialog-text" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
