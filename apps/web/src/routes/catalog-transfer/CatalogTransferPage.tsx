import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Radio, Row, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@huitong/contracts';
import { catalogDownloads, useImportCatalog, type ImportReport } from '../../api/catalog.ts';
import { isApiError } from '../../api/client.ts';
import { detailText } from '../../api/errors.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';

/** 目录导入导出: template, XLSX/JSON export, and an all-or-nothing import that lists every problem. */
export function CatalogTransferPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const [scope, setScope] = useState<'published' | 'mine'>('published');
  const [report, setReport] = useState<ImportReport | null>(null);
  const importer = useImportCatalog();
  const mayImport = me.can('catalog:entry:import');
  const problems: ErrorDetail[] = isApiError(importer.error) ? importer.error.details : [];

  return (
    <>
      <PageTitle title={t('nav.transfer')} subtitle={t('transfer.intro')} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('transfer.export')} style={{ marginBottom: 16 }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {me.can('catalog:entry:read-unpublished') && (
                <Radio.Group
                  aria-label={t('transfer.scope')}
                  value={scope}
                  onChange={(event) => setScope(event.target.value as 'published' | 'mine')}
                  options={[
                    { value: 'published', label: t('search.scope.published') },
                    { value: 'mine', label: t('search.scope.mine') },
                  ]}
                />
              )}
              <Space wrap>
                <Button icon={<DownloadOutlined />} href={catalogDownloads.export('xlsx', scope)} data-testid="export-xlsx">
                  {t('transfer.exportXlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} href={catalogDownloads.export('json', scope)} data-testid="export-json">
                  {t('transfer.exportJson')}
                </Button>
              </Space>
              <Typography.Text type="secondary">{t('transfer.exportHint')}</Typography.Text>
            </Space>
          </Card>
          <Card title={t('transfer.template')}>
            <Typography.Paragraph>{t('transfer.templateHint')}</Typography.Paragraph>
            <Button type="link" icon={<DownloadOutlined />} href={catalogDownloads.template()} style={{ paddingInline: 0 }}>
              {t('transfer.downloadTemplate')}
            </Button>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('transfer.import')}>
            {!mayImport ? (
              <Alert type="info" showIcon title={t('transfer.importNotAllowed')} />
            ) : (
              <>
                <Upload.Dragger
                  accept=".xlsx,.json"
                  multiple={false}
                  showUploadList={false}
                  disabled={importer.isPending}
                  customRequest={({ file }) => {
                    setReport(null);
                    importer.mutate(file as File, { onSuccess: setReport });
                  }}
                  data-testid="import-upload"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{importer.isPending ? t('transfer.importing') : t('transfer.dropHere')}</p>
                  <p className="ant-upload-hint">{t('transfer.importHint')}</p>
                </Upload.Dragger>
                {report && (
                  <Alert
                    type="success"
                    showIcon
                    style={{ marginTop: 16 }}
                    title={t('transfer.imported', { count: report.imported })}
                    description={
                      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                        {report.entries.map((e) => (
                          <li key={e.id}>
                            <Link to={`/catalog/${e.id}`}>{e.name}</Link> <code>{e.resourceCode}</code>
                          </li>
                        ))}
                      </ul>
                    }
                  />
                )}
                {importer.error && problems.length === 0 && (
                  <div style={{ marginTop: 16 }}>
                    <ApiErrorAlert error={importer.error} />
                  </div>
                )}
                {problems.length > 0 && (
                  <>
                    <Alert type="error" showIcon style={{ marginTop: 16, marginBottom: 8 }} title={t('transfer.rejected', { count: problems.length })} />
                    <Table<ErrorDetail & { key: number }>
                      data-testid="import-errors"
                      size="small"
                      rowKey="key"
                      dataSource={problems.map((p, key) => ({ ...p, key }))}
                      pagination={{ pageSize: 50, hideOnSinglePage: true }}
                      columns={[
                        { title: t('transfer.sheet'), dataIndex: 'sheet', width: 110, render: (v?: string) => v ?? '—' },
                        { title: t('transfer.row'), dataIndex: 'row', width: 70, render: (v?: number) => v ?? '—' },
                        { title: t('transfer.column'), dataIndex: 'column', width: 120, render: (v?: string) => v ?? '—' },
                        { title: t('transfer.field'), dataIndex: 'field', width: 200, render: (v?: string) => (v ? <code>{v}</code> : '—') },
                        { title: t('transfer.problem'), dataIndex: 'message', render: (_: string, detail: ErrorDetail) => detailText(detail, codes.lang) },
                      ]}
                    />
                  </>
                )}
              </>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
