import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Select, Space, Switch, Table, Tag, Tree, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ADMIN_LEVELS, checkUscc, DEPARTMENT_KINDS, type DataOfficerAssignment, type Department, type DepartmentCreate } from '@huitong/contracts';
import { buildDepartmentTree, useAssignDataOfficer, useCreateDepartment, useDataOfficers, useDepartments, useEndDataOfficer, useUpdateDepartment, type DepartmentNode } from '../../api/departments.ts';
import { useUsers } from '../../api/users.ts';
import { isApiError } from '../../api/client.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';

interface TreeData {
  key: string;
  title: string;
  disabled: boolean;
  children: TreeData[];
}

/** Department admins manage their own organisation only; other nodes are shown for orientation. */
function toTreeData(nodes: DepartmentNode[], selectable: (id: string) => boolean, inside = false): TreeData[] {
  return nodes.map((n) => {
    const own = inside || selectable(n.department.id);
    return { key: n.department.id, title: n.department.active ? n.department.name : `${n.department.name} ⊘`, disabled: !own, children: toTreeData(n.children, selectable, own) };
  });
}

/** USCC rule shared with the server: GB 32100 charset and check character. */
export function usccValidator(message: (problem: string) => string) {
  return async (_rule: unknown, value: string | undefined) => {
    if (!value) return;
    const check = checkUscc(value.trim());
    if (!check.valid) throw new Error(message(check.message ?? ''));
  };
}

type DepartmentForm = DepartmentCreate & { active?: boolean };

function DepartmentDialog({ mode, parent, department, onClose }: { mode: 'create' | 'edit'; parent: Department | null; department: Department | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const [form] = Form.useForm<DepartmentForm>();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const mutation = mode === 'create' ? create : update;
  const [summary, setSummary] = useState<unknown>(null);

  const onError = (error: unknown) => {
    if (isApiError(error)) {
      const plan = planFieldErrors(error.details, { isField: (name) => name.length === 1 && ['name', 'shortName', 'kind', 'level', 'uscc', 'isOperator', 'active', 'parentId'].includes(String(name[0])), lang: codes.lang });
      applyFieldErrors(form, plan.fields);
      if (plan.summary.length > 0 || plan.fields.length === 0) setSummary(error);
    } else setSummary(error);
  };

  const onFinish = (values: DepartmentForm) => {
    setSummary(null);
    const uscc = values.uscc?.trim().toUpperCase() || undefined;
    const shortName = values.shortName?.trim() || undefined;
    if (mode === 'create') {
      create.mutate(
        { parentId: parent?.id ?? null, name: values.name.trim(), kind: values.kind, level: values.level, ...(shortName && { shortName }), ...(uscc && { uscc }), ...(values.isOperator && { isOperator: true }) },
        { onSuccess: () => (void message.success(t('common.saved')), onClose()), onError },
      );
    } else if (department) {
      update.mutate(
        { id: department.id, name: values.name.trim(), ...(shortName && { shortName }), ...(uscc && { uscc }), active: Boolean(values.active) },
        { onSuccess: () => (void message.success(t('common.saved')), onClose()), onError },
      );
    }
  };

  const initial: Partial<DepartmentForm> =
    mode === 'edit' && department
      ? { name: department.name, shortName: department.shortName ?? undefined, uscc: department.uscc ?? undefined, active: department.active, kind: department.kind, level: department.level }
      : { kind: 'department', level: parent?.level ?? 'county' };

  return (
    <Modal title={mode === 'create' ? t('departments.create', { parent: parent?.name ?? t('departments.root') }) : t('departments.edit')} open onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden>
      <ApiErrorAlert error={summary} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={onFinish}>
        <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, min: 2, message: t('edit.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="shortName" label={t('departments.shortName')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="kind" label={t('departments.kind')} rules={[{ required: true }]}>
          <Select disabled={mode === 'edit'} options={codes.options(DEPARTMENT_KINDS)} />
        </Form.Item>
        <Form.Item name="level" label={t('departments.level')} rules={[{ required: true }]}>
          <Select disabled={mode === 'edit'} options={codes.options(ADMIN_LEVELS)} />
        </Form.Item>
        <Form.Item name="uscc" label={t('departments.uscc')} extra={t('departments.usccHint')} rules={[{ validator: usccValidator((m) => m) }]} normalize={(v: string) => v?.toUpperCase()}>
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {mode === 'create' ? (
          <Form.Item name="isOperator" label={t('departments.isOperator')} valuePropName="checked" extra={t('departments.isOperatorHint')}>
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item name="active" label={t('departments.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function DataOfficers({ department }: { department: Department }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const [history, setHistory] = useState(false);
  const [userId, setUserId] = useState<string | undefined>();
  const officers = useDataOfficers(department.id, history);
  const candidates = useUsers({ departmentId: department.id }, me.can('org:user:read') || me.can('org:user:manage'));
  const assign = useAssignDataOfficer(department.id);
  const end = useEndDataOfficer(department.id);
  const mayManage = me.can('org:data-officer:manage');
  return (
    <Card size="small" title={t('departments.dataOfficers')} extra={<Switch checked={history} onChange={setHistory} checkedChildren={t('departments.history')} unCheckedChildren={t('departments.current')} aria-label={t('departments.history')} />}>
      <ApiErrorAlert error={officers.error ?? assign.error ?? end.error} />
      <Table<DataOfficerAssignment>
          scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={officers.isPending}
        dataSource={officers.data ?? []}
        pagination={false}
        locale={{ emptyText: t('departments.noOfficer') }}
        columns={[
          { title: t('users.name'), dataIndex: 'userName' },
          { title: t('users.phone'), dataIndex: 'phoneMasked', width: 130 },
          { title: t('departments.startedAt'), dataIndex: 'startedAt', width: 150, render: formatDateTime },
          { title: t('departments.endedAt'), dataIndex: 'endedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : <Tag color="green">{t('departments.serving')}</Tag>) },
          { title: t('departments.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          ...(mayManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right' as const,
                  width: 100,
                  render: (_v: unknown, row: DataOfficerAssignment) =>
                    !row.endedAt && (
                      <Button size="small" type="link" danger loading={end.isPending} onClick={() => end.mutate(row.userId, { onSuccess: () => void message.success(t('departments.officerEnded')) })}>
                        {t('departments.endOfficer')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {mayManage && (
        <Space style={{ marginTop: 12 }} wrap>
          <Select
            aria-label={t('departments.assignOfficer')}
            style={{ minWidth: 240 }}
            placeholder={t('departments.pickUser')}
            value={userId}
            onChange={setUserId}
            loading={candidates.isPending}
            showSearch
            optionFilterProp="label"
            options={(candidates.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
          />
          <Button type="primary" disabled={!userId} loading={assign.isPending} onClick={() => userId && assign.mutate({ userId }, { onSuccess: () => (void message.success(t('departments.officerAssigned')), setUserId(undefined)) })}>
            {t('departments.assignOfficer')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/** 部门管理: the department tree with create/edit (platform admins) and the data-officer registry. */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const departments = useDepartments();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'create' | 'edit' | 'createRoot' | null>(null);
  const mayManage = me.can('org:department:manage');
  const tree = useMemo(
    () => toTreeData(buildDepartmentTree(departments.data ?? []), (id) => mayManage || id === me.organisationId),
    [departments.data, mayManage, me.organisationId],
  );
  const selected = departments.data?.find((d) => d.id === (selectedId ?? me.organisationId)) ?? null;

  return (
    <>
      <PageTitle
        title={t('nav.departments')}
        extra={
          mayManage && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('createRoot')}>
              {t('departments.createRoot')}
            </Button>
          )
        }
      />
      <ApiErrorAlert error={departments.error} />
      <Row gutter={16}>
        <Col xs={24} md={9} lg={8}>
          <Card size="small" title={t('departments.tree')} loading={departments.isPending}>
            {tree.length > 0 && <Tree treeData={tree} defaultExpandAll selectedKeys={selected ? [selected.id] : []} onSelect={(keys) => keys[0] && setSelectedId(String(keys[0]))} blockNode />}
          </Card>
        </Col>
        <Col xs={24} md={15} lg={16}>
          {!selected ? (
            <Empty />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }} size="middle">
              <Card
                size="small"
                title={selected.name}
                extra={
                  mayManage && (
                    <Space>
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                        {t('departments.addChild')}
                      </Button>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                        {t('common.edit')}
                      </Button>
                    </Space>
                  )
                }
              >
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('departments.shortName')}>{selected.shortName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('departments.kind')}>{codes.label(DEPARTMENT_KINDS, selected.kind)}</Descriptions.Item>
                  <Descriptions.Item label={t('departments.level')}>{codes.label(ADMIN_LEVELS, selected.level)}</Descriptions.Item>
                  <Descriptions.Item label={t('departments.uscc')}>{selected.uscc ? <Typography.Text code>{selected.uscc}</Typography.Text> : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('departments.classCode')}>{selected.classCode ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('departments.status')}>
                    {selected.isOperator && <Tag color="gold">{t('departments.operator')}</Tag>}
                    <Tag color={selected.active ? 'green' : 'default'}>{selected.active ? t('departments.active') : t('departments.inactive')}</Tag>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              {selected.kind !== 'internal_unit' && selected.kind !== 'government' && <DataOfficers department={selected} />}
            </Space>
          )}
        </Col>
      </Row>
      {dialog && <DepartmentDialog mode={dialog === 'edit' ? 'edit' : 'create'} parent={dialog === 'createRoot' ? null : selected} department={selected} onClose={() => setDialog(null)} />}
    </>
  );
}
