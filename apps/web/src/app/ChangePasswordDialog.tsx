import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../api/auth.ts';
import { isApiError } from '../api/client.ts';
import { planFieldErrors } from '../api/errors.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { applyFieldErrors } from '../components/formErrors.ts';
import { useCodes } from '../i18n/codes.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: the own password, e.g. replacing the initial one an administrator handed over. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const onFinish = (values: Values) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          void message.success(t('password.changed'));
          onClose();
        },
        onError: (error) => {
          if (isApiError(error)) applyFieldErrors(form, planFieldErrors(error.details, { isField: (name) => name.length === 1 && ['currentPassword', 'newPassword'].includes(String(name[0])), lang: codes.lang }).fields);
        },
      },
    );
  };
  return (
    <Modal title={t('password.title')} open onCancel={onClose} onOk={() => form.submit()} confirmLoading={change.isPending} destroyOnHidden>
      <ApiErrorAlert error={isApiError(change.error) && change.error.details.length > 0 ? null : change.error} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('edit.required') }]}>
          <Input.Password autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} extra={t('password.rule')} rules={[{ required: true, min: 10, message: t('users.passwordRule') }]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('edit.required') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
