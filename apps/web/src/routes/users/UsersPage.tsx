import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkCitizenIdNumber, ROLES, type Role, type User } from '@huitong/contracts';
import { isLocked, useCreateUser, useUnlockUser, useUpdateUser, useUsers, type UserFilter } from '../../api/users.ts';
import { isApiError } from '../../api/client.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';

interface CreateValues {
  username: string;
  name: string;
  idNumber: string;
  phone: string;
  departmentId: string;
  roles: Role[];
  password: string;
}

const USER_FIELDS = ['username', 'name', 'idNumber', 'phone', 'departmentId', 'roles', 'password', 'active'];

/**
 * Separation of duties (GB/T 39477): the security-auditor role and auditors' accounts are kept by
 * another auditor (`org:auditor:manage`), never by an administrator. The console offers each side
 * only what the server allows.
 */
const AUDITOR: Role = 'security_auditor';
function keeps(me: { can: (operation: string) => boolean }, user: User | null): boolean {
  const auditorAccount = Boolean(user?.roles.includes(AUDITOR));
  return auditorAccount ? me.can('org:auditor:manage') : me.can('org:user:manage') || (me.can('org:auditor:manage') && user !== null);
}

function UserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const me = useSession();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [summary, setSummary] = useState<unknown>(null);
  const editing = Boolean(user);

  const onError = (error: unknown) => {
    if (!isApiError(error)) return setSummary(error);
    const plan = planFieldErrors(error.details, { isField: (name) => name.length >= 1 && USER_FIELDS.includes(String(name[0])) && name.length === 1, lang: codes.lang });
    applyFieldErrors(form, plan.fields);
    if (plan.summary.length > 0 || plan.fields.length === 0) setSummary(error);
  };

  const onFinish = (values: CreateValues) => {
    setSummary(null);
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (user) update.mutate({ id: user.id, name: values.name.trim(), roles: values.roles, ...(values.phone && { phone: values.phone.trim() }) }, { onSuccess: done, onError });
    else create.mutate({ ...values, username: values.username.trim(), name: values.name.trim(), idNumber: values.idNumber.trim().toUpperCase(), phone: values.phone.trim() }, { onSuccess: done, onError });
  };

  return (
    <Modal title={editing ? t('users.edit', { name: user?.name }) : t('users.create')} open onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} destroyOnHidden width={560}>
      <ApiErrorAlert error={summary} />
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={user ? { name: user.name, roles: user.roles } : { departmentId: me.organisationId, roles: [] }}>
        {!editing && (
          <Form.Item name="username" label={t('users.username')} rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,39}$/, message: t('users.usernameRule') }]}>
            <Input autoComplete="off" maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, min: 2, message: t('edit.required') }]}>
          <Input maxLength={50} />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="idNumber"
            label={t('users.idNumber')}
            extra={t('users.idNumberHint')}
            rules={[
              { required: true, message: t('edit.required') },
              {
                validator: async (_r, value: string | undefined) => {
                  if (!value) return;
                  const check = checkCitizenIdNumber(value.trim());
                  if (!check.valid) throw new Error(check.message);
                },
              },
            ]}
          >
            <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('users.phone')} extra={editing ? t('users.phoneKeep', { phone: user?.phoneMasked }) : undefined} rules={[{ required: !editing, pattern: /^1[3-9]\d{9}$/, message: t('users.phoneRule') }]}>
          <Input maxLength={11} inputMode="numeric" autoComplete="off" />
        </Form.Item>
        {!editing && (
          <Form.Item name="departmentId" label={t('users.department')} rules={[{ required: true, message: t('edit.required') }]}>
            <DepartmentTreeSelect />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('users.roles')} extra={t('users.rolesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
          <Select
            mode="multiple"
            options={codes.options(ROLES).map((option) => ({
              ...option,
              // Administrators cannot grant the auditor role; auditors grant only that one.
              disabled: me.can('org:auditor:manage') ? option.value !== AUDITOR : option.value === AUDITOR,
            }))}
          />
        </Form.Item>
        {!editing && (
          <Form.Item name="password" label={t('users.password')} extra={t('users.passwordHint')} rules={[{ required: true, min: 10, message: t('users.passwordRule') }]}>
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 用户管理: real-name users of the actor's scope; create, change roles, deactivate, unlock. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const me = useSession();
  const [filter, setFilter] = useState<UserFilter>({});
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<{ user: User | null } | null>(null);
  const users = useUsers(filter);
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const mayManage = me.can('org:user:manage') || me.can('org:auditor:manage');

  return (
    <>
      <PageTitle
        title={t('nav.users')}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ user: null })}>
              {t('users.create')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search aria-label={t('users.search')} placeholder={t('users.search')} allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setFilter({ ...filter, search: value.trim() || undefined })} style={{ width: 240 }} />
          <DepartmentTreeSelect aria-label={t('users.department')} allowClear value={filter.departmentId} onChange={(value) => setFilter({ ...filter, departmentId: (value as string | undefined) || undefined })} style={{ width: 260 }} />
          <Select aria-label={t('users.roles')} allowClear placeholder={t('users.anyRole')} style={{ width: 180 }} value={filter.role} onChange={(role?: Role) => setFilter({ ...filter, role })} options={codes.options(ROLES)} />
        </Space>
      </Card>
      <ApiErrorAlert error={users.error ?? update.error ?? unlock.error} />
      <Card>
        <Table<User>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          size="small"
          loading={users.isPending}
          dataSource={users.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { count: total }) }}
          columns={[
            { title: t('users.username'), dataIndex: 'username', width: 130 },
            { title: t('users.name'), dataIndex: 'name', width: 100 },
            { title: t('users.department'), dataIndex: 'departmentName' },
            { title: t('users.roles'), dataIndex: 'roles', render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{codes.label(ROLES, r)}</Tag>) },
            { title: t('users.idNumber'), dataIndex: 'idNumberMasked', width: 180 },
            { title: t('users.phone'), dataIndex: 'phoneMasked', width: 120 },
            {
              title: t('users.status'),
              key: 'status',
              width: 150,
              render: (_v, user) => (
                <>
                  <Tag color={user.active ? 'green' : 'default'}>{user.active ? t('users.active') : t('users.inactive')}</Tag>
                  {isLocked(user) && <Tag color="red" title={formatDateTime(user.lockedUntil)}>{t('users.locked')}</Tag>}
                </>
              ),
            },
            ...(mayManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    fixed: 'right' as const,
                    width: 220,
                    render: (_v: unknown, user: User) => (
                      <Space size={0} wrap>
                        {keeps(me, user) && (
                          <Button size="small" type="link" onClick={() => setDialog({ user })}>
                            {t('common.edit')}
                          </Button>
                        )}
                        {keeps(me, user) && (me.can('org:user:manage') || user.roles.includes(AUDITOR)) && (
                          <Popconfirm
                            title={user.active ? t('users.deactivateConfirm', { name: user.name }) : t('users.activateConfirm', { name: user.name })}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                            onConfirm={() => update.mutate({ id: user.id, active: !user.active }, { onSuccess: () => void message.success(t('common.saved')) })}
                          >
                            <Button size="small" type="link" danger={user.active} disabled={user.id === me.user.id}>
                              {user.active ? t('users.deactivate') : t('users.activate')}
                            </Button>
                          </Popconfirm>
                        )}
                        {isLocked(user) && (me.can('org:user:manage') || (user.roles.includes(AUDITOR) && me.can('org:auditor:manage'))) && (
                          <Button size="small" type="link" onClick={() => unlock.mutate(user.id, { onSuccess: () => void message.success(t('users.unlocked')) })}>
                            {t('users.unlock')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {dialog && <UserDialog user={dialog.user} onClose={() => setDialog(null)} />}
    </>
  );
}
