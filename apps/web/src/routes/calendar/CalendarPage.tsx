import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Result, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { useCalendarYear, useCalendarYears, usePutCalendarYear, type CalendarDay, type CalendarYear } from '../../api/calendar.ts';
import { isApiError } from '../../api/client.ts';
import { planFieldErrors } from '../../api/errors.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { applyFieldErrors } from '../../components/formErrors.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';
import { checkDays, countDays, nextYear, parseCalendarJson, sortDays, type CalendarProblem } from './calendarInput.ts';

interface DayRow {
  day?: Dayjs;
  kind: CalendarDay['kind'];
  name: string;
}

interface EditorValues {
  year: number;
  source: string;
  days: DayRow[];
}

const toDays = (rows: readonly DayRow[]): CalendarDay[] => sortDays(rows.map((r) => ({ day: r.day ? r.day.format('YYYY-MM-DD') : '', kind: r.kind, name: (r.name ?? '').trim() })));
const toRows = (days: readonly CalendarDay[]): DayRow[] => days.map((d) => ({ day: dayjs(d.day), kind: d.kind, name: d.name }));

function ProblemList({ problems, days }: { problems: CalendarProblem[]; days: CalendarDay[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="calendar-problems"
      title={t('errors.count', { count: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {problems.map((p, i) => (
            <li key={i}>
              {p.index !== null && `#${p.index + 1} ${days[p.index]?.day ?? ''}: `}
              {t(`sharing.calendar.problem.${p.problem}`)}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** 录入/更正年度: a table of days, or the notice's days pasted as JSON. */
function YearEditor({ initial, onClose, onSaved }: { initial: EditorValues; onClose: () => void; onSaved: (year: number, recomputed: number) => void }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [form] = Form.useForm<EditorValues>();
  const put = usePutCalendarYear();
  const [mode, setMode] = useState<'table' | 'json'>('table');
  const [json, setJson] = useState('');
  const [problems, setProblems] = useState<{ list: CalendarProblem[]; days: CalendarDay[] }>({ list: [], days: [] });
  const [summary, setSummary] = useState<{ error: unknown; details: ErrorDetail[] } | null>(null);

  const importJson = () => {
    const year = form.getFieldValue('year') as number;
    const parsed = parseCalendarJson(json, year);
    setProblems({ list: parsed.problems, days: parsed.days });
    if (parsed.problems.some((p) => p.problem === 'json' || p.problem === 'shape')) return;
    form.setFieldsValue({ days: toRows(parsed.days), ...(parsed.source && { source: parsed.source }) });
    setMode('table');
  };

  const save = async () => {
    setSummary(null);
    let values: EditorValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const days = toDays(values.days ?? []);
    const list = checkDays(days, values.year);
    setProblems({ list, days });
    if (list.length > 0) return;
    // The table is shown in date order from now on, so server errors by index land on the right row.
    form.setFieldValue('days', toRows(days));
    try {
      const result = await put.mutateAsync({ year: values.year, source: values.source.trim(), days });
      onSaved(values.year, result.recomputed);
    } catch (error) {
      if (!isApiError(error) || error.details.length === 0) {
        setSummary({ error, details: [] });
        return;
      }
      const plan = planFieldErrors(error.details, {
        isField: (name) => (name.length === 1 && (name[0] === 'source' || name[0] === 'days')) || (name.length === 3 && name[0] === 'days' && typeof name[1] === 'number' && name[1] < days.length && (name[2] === 'day' || name[2] === 'kind' || name[2] === 'name')),
        lang: codes.lang,
      });
      applyFieldErrors(form, plan.fields);
      setSummary({ error, details: plan.summary });
    }
  };

  const rows = Form.useWatch('days', form) ?? [];
  const counts = countDays(toDays(rows.filter(Boolean)));

  return (
    <Drawer
      open
      size={760}
      title={t('sharing.calendar.editTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={put.isPending} onClick={() => void save()} data-testid="calendar-save">
            {t('sharing.calendar.save')}
          </Button>
        </Space>
      }
    >
      {summary && <ApiErrorAlert error={summary.error} details={summary.details} />}
      <ProblemList problems={problems.list} days={problems.days} />
      <Form<EditorValues> form={form} layout="vertical" initialValues={initial} disabled={put.isPending}>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="year" label={t('sharing.calendar.year')} rules={[{ required: true, message: t('edit.required') }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="calendar-year" />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="source" label={t('sharing.calendar.source')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]} extra={t('sharing.calendar.sourceHint')}>
              <Input maxLength={300} data-testid="calendar-source" />
            </Form.Item>
          </Col>
        </Row>
        <Tabs
          activeKey={mode}
          onChange={(key) => setMode(key as 'table' | 'json')}
          items={[
            {
              key: 'table',
              label: t('sharing.calendar.tableMode'),
              children: (
                <Form.List name="days">
                  {(fields, { add, remove }) => (
                    <>
                      <Typography.Paragraph type="secondary">{t('sharing.calendar.counts', counts)}</Typography.Paragraph>
                      <Table
                        size="small"
                        rowKey="key"
                        pagination={false}
                        dataSource={fields}
                        scroll={{ y: 420 }}
                        columns={[
                          {
                            title: t('sharing.calendar.day'),
                            key: 'day',
                            width: 170,
                            render: (_v, field) => (
                              <Form.Item name={[field.name, 'day']} style={{ margin: 0 }} rules={[{ required: true, message: t('edit.required') }]}>
                                <DatePicker aria-label={`${t('sharing.calendar.day')} ${field.name + 1}`} />
                              </Form.Item>
                            ),
                          },
                          {
                            title: t('sharing.calendar.kind'),
                            key: 'kind',
                            width: 150,
                            render: (_v, field) => (
                              <Form.Item name={[field.name, 'kind']} style={{ margin: 0 }}>
                                <Select
                                  aria-label={`${t('sharing.calendar.kind')} ${field.name + 1}`}
                                  options={[
                                    { value: 'holiday', label: t('sharing.calendar.holiday') },
                                    { value: 'workday', label: t('sharing.calendar.workday') },
                                  ]}
                                />
                              </Form.Item>
                            ),
                          },
                          {
                            title: t('sharing.calendar.name'),
                            key: 'name',
                            render: (_v, field) => (
                              <Form.Item name={[field.name, 'name']} style={{ margin: 0 }} rules={[{ required: true, max: 50, message: t('edit.required') }]}>
                                <Input aria-label={`${t('sharing.calendar.name')} ${field.name + 1}`} maxLength={50} placeholder={t('sharing.calendar.namePlaceholder')} />
                              </Form.Item>
                            ),
                          },
                          {
                            title: <span className="sr-only">{t('common.actions')}</span>,
                            key: 'remove',
                            width: 50,
                            render: (_v, field) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('sharing.calendar.removeDay')} ${field.name + 1}`} onClick={() => remove(field.name)} />,
                          },
                        ]}
                      />
                      <Button type="dashed" block icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add({ kind: 'holiday', name: '' })}>
                        {t('sharing.calendar.addDay')}
                      </Button>
                    </>
                  )}
                </Form.List>
              ),
            },
            {
              key: 'json',
              label: t('sharing.calendar.jsonMode'),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('sharing.calendar.jsonHint')}</Typography.Paragraph>
                  <Input.TextArea rows={14} value={json} onChange={(e) => setJson(e.target.value)} placeholder={'[{ "day": "2027-01-01", "kind": "holiday", "name": "元旦" }]'} style={{ fontFamily: 'monospace' }} data-testid="calendar-json" />
                  <Button style={{ marginTop: 8 }} onClick={importJson} disabled={!json.trim()} data-testid="calendar-json-import">
                    {t('sharing.calendar.jsonImport')}
                  </Button>
                </>
              ),
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}

/** 工作日历: the official holiday schedule by year; deadlines in working days are counted on it. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const years = useCalendarYears();
  const [selected, setSelected] = useState<number | null>(null);
  const year = useCalendarYear(selected);
  const [editing, setEditing] = useState<EditorValues | null>(null);
  const [recomputed, setRecomputed] = useState<{ year: number; count: number } | null>(null);

  if (!me.can('calendar:manage')) return <Result status="403" title={t('common.forbidden')} />;
  const loaded = (years.data ?? []).map((y) => y.year);

  return (
    <>
      <PageTitle
        title={t('nav.calendar')}
        subtitle={t('sharing.calendar.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ year: nextYear(loaded), source: '', days: [] })} data-testid="calendar-add">
            {t('sharing.calendar.add')}
          </Button>
        }
      />
      {recomputed && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setRecomputed(null)}
          style={{ marginBottom: 16 }}
          data-testid="calendar-recomputed"
          title={t('sharing.calendar.saved', { year: recomputed.year })}
          description={t('sharing.calendar.recomputed', { count: recomputed.count })}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('sharing.calendar.years')} style={{ marginBottom: 16 }}>
            <ApiErrorAlert error={years.error} />
            <Table<CalendarYear>
              data-testid="calendar-years"
              rowKey="year"
              size="small"
              loading={years.isPending}
              dataSource={[...(years.data ?? [])].reverse()}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              onRow={(row) => ({ onClick: () => setSelected(row.year), style: { cursor: 'pointer', background: row.year === selected ? '#e6f4ff' : undefined } })}
              columns={[
                { title: t('sharing.calendar.year'), dataIndex: 'year', width: 70 },
                { title: t('sharing.calendar.source'), dataIndex: 'source', ellipsis: true },
                { title: t('sharing.calendar.holiday'), dataIndex: 'holidays', width: 80 },
                { title: t('sharing.calendar.workday'), dataIndex: 'workdays', width: 100 },
                { title: t('sharing.calendar.updated'), key: 'updated', width: 150, render: (_v, row) => `${row.updatedBy === 'seed' ? t('sharing.calendar.bySeed') : row.updatedBy} · ${formatDateTime(row.updatedAt)}` },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={selected ? t('sharing.calendar.daysOf', { year: selected }) : t('sharing.calendar.pickYear')}
            extra={
              year.data && (
                <Button icon={<EditOutlined />} onClick={() => setEditing({ year: year.data.year, source: year.data.source, days: toRows(year.data.days) })} data-testid="calendar-correct">
                  {t('sharing.calendar.correct')}
                </Button>
              )
            }
          >
            <ApiErrorAlert error={year.error} />
            {year.data && (
              <>
                <Typography.Paragraph type="secondary">{year.data.source}</Typography.Paragraph>
                <Table<CalendarDay>
                  rowKey="day"
                  size="small"
                  dataSource={year.data.days}
                  pagination={false}
                  scroll={{ y: 480 }}
                  columns={[
                    { title: t('sharing.calendar.day'), dataIndex: 'day', width: 120, render: (day: string) => `${day} ${dayjs(day).format('ddd')}` },
                    { title: t('sharing.calendar.kind'), dataIndex: 'kind', width: 120, render: (kind: CalendarDay['kind']) => <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{kind === 'holiday' ? t('sharing.calendar.holiday') : t('sharing.calendar.workday')}</Tag> },
                    { title: t('sharing.calendar.name'), dataIndex: 'name' },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      {editing && (
        <YearEditor
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={(savedYear, count) => {
            setEditing(null);
            setSelected(savedYear);
            setRecomputed({ year: savedYear, count });
            void message.success(t('sharing.calendar.saved', { year: savedYear }));
          }}
        />
      )}
    </>
  );
}
