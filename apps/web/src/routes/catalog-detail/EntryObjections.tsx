import { App, Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { OBJECTION_KINDS, type CatalogEntryDetail, type CatalogItem, type ObjectionKind } from '@huitong/contracts';
import { useObjections, useRaiseObjection } from '../../api/objections.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ObjectionTable } from '../../components/ObjectionTable.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';

/** Objections on one entry: other departments raise them, the provider answers, the raiser closes. */
export function EntryObjections({ entry, items }: { entry: CatalogEntryDetail; items: CatalogItem[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const me = useSession();
  const objections = useObjections({ entryId: entry.id });
  const raise = useRaiseObjection(entry.id);
  const [form] = Form.useForm<{ kind: ObjectionKind; itemCode?: string; content: string }>();
  const mayRaise = me.can('catalog:objection:raise') && entry.providerDepartmentId !== me.organisationId && entry.status !== 'draft';

  const onFinish = (values: { kind: ObjectionKind; itemCode?: string; content: string }) => {
    raise.mutate(
      { kind: values.kind, content: values.content.trim(), ...(values.itemCode && { itemCode: values.itemCode }) },
      {
        onSuccess: () => {
          void message.success(t('objections.raised'));
          form.resetFields();
        },
      },
    );
  };

  return (
    <>
      <ApiErrorAlert error={objections.error} />
      <ObjectionTable
        objections={objections.data ?? []}
        loading={objections.isPending}
        canAnswer={(o) => entry.permissions.answerObjections && o.state === 'open'}
        canClose={(o) => o.raisedByDepartmentId === me.organisationId && o.state !== 'closed'}
      />
      {mayRaise && (
        <Card size="small" title={t('objections.raiseTitle')} style={{ marginTop: 16 }}>
          <ApiErrorAlert error={raise.error} />
          <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: 'objection' }} style={{ maxWidth: 640 }}>
            <Form.Item name="kind" label={t('objections.kind')} rules={[{ required: true }]}>
              <Select options={codes.options(OBJECTION_KINDS)} />
            </Form.Item>
            <Form.Item name="itemCode" label={t('objections.item')}>
              <Select allowClear placeholder={t('objections.wholeEntry')} options={items.map((item) => ({ value: item.code, label: `${item.name} (${item.code})` }))} />
            </Form.Item>
            <Form.Item name="content" label={t('objections.content')} rules={[{ required: true, min: 2, message: t('objections.contentRequired') }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={raise.isPending}>
              {t('objections.raise')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
