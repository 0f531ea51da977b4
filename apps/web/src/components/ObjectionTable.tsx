import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { OBJECTION_KINDS, OBJECTION_STATES, type Objection } from '@huitong/contracts';
import { useAnswerObjection, useCloseObjection } from '../api/objections.ts';
import { useCodes } from '../i18n/codes.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';
import { formatDateTime } from './format.ts';

const STATE_COLORS = { open: 'orange', answered: 'blue', closed: 'default' } as const;

interface Props {
  objections: Objection[];
  loading?: boolean;
  showEntry?: boolean;
  canAnswer: (objection: Objection) => boolean;
  canClose: (objection: Objection) => boolean;
}

/** 疑义/纠错 list with the provider's answer and the raiser's close action. */
export function ObjectionTable({ objections, loading, showEntry = false, canAnswer, canClose }: Props) {
  const { t } = useTranslation();
  const codes = useCodes();
  const { message } = App.useApp();
  const [answering, setAnswering] = useState<Objection | null>(null);
  const [form] = Form.useForm<{ answer: string }>();
  const answer = useAnswerObjection();
  const close = useCloseObjection();

  const submitAnswer = (values: { answer: string }) => {
    if (!answering) return;
    answer.mutate(
      { id: answering.id, answer: values.answer },
      {
        onSuccess: () => {
          void message.success(t('objections.answered'));
          setAnswering(null);
          form.resetFields();
        },
      },
    );
  };

  return (
    <>
      <ApiErrorAlert error={close.error} />
      <Table<Objection>
          scroll={{ x: 'max-content' }}
        data-testid="objection-table"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={objections}
        locale={{ emptyText: t('objections.emptyNext') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (o) => Boolean(o.answer),
          expandedRowRender: (o) => (
            <Typography.Paragraph style={{ margin: 0 }}>
              <strong>{t('objections.answer')}</strong> ({o.answeredByName} · {formatDateTime(o.answeredAt)}): {o.answer}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          ...(showEntry ? [{ title: t('objections.entry'), key: 'entry', render: (_v: unknown, o: Objection) => <Link to={`/catalog/${o.entryId}`}>{o.entryName}</Link> }] : []),
          { title: t('objections.kind'), dataIndex: 'kind', width: 80, render: (kind: Objection['kind']) => <Tag>{codes.label(OBJECTION_KINDS, kind)}</Tag> },
          { title: t('objections.item'), dataIndex: 'itemCode', width: 110, render: (code: string | null) => (code ? <code>{code}</code> : '—') },
          { title: t('objections.content'), dataIndex: 'content' },
          { title: t('objections.raisedBy'), key: 'raisedBy', width: 200, render: (_v, o) => `${o.raisedByDepartmentName} · ${o.raisedByName}` },
          { title: t('objections.raisedAt'), dataIndex: 'raisedAt', width: 140, render: formatDateTime },
          { title: t('objections.state'), dataIndex: 'state', width: 90, render: (state: Objection['state']) => <Tag color={STATE_COLORS[state]}>{codes.label(OBJECTION_STATES, state)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            width: 150,
            render: (_v, o) => (
              <Space>
                {canAnswer(o) && (
                  <Button size="small" type="link" onClick={() => setAnswering(o)}>
                    {t('objections.doAnswer')}
                  </Button>
                )}
                {canClose(o) && (
                  <Button size="small" type="link" loading={close.isPending && close.variables === o.id} onClick={() => close.mutate(o.id, { onSuccess: () => void message.success(t('objections.closed')) })}>
                    {t('objections.doClose')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal title={t('objections.doAnswer')} open={Boolean(answering)} onCancel={() => setAnswering(null)} onOk={() => form.submit()} confirmLoading={answer.isPending} destroyOnHidden>
        {answering && <Typography.Paragraph type="secondary">{answering.content}</Typography.Paragraph>}
        <ApiErrorAlert error={answer.error} />
        <Form form={form} layout="vertical" onFinish={submitAnswer}>
          <Form.Item name="answer" label={t('objections.answer')} rules={[{ required: true, min: 2, message: t('objections.answerRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
