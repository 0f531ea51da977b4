import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DiffChange } from '@huitong/contracts';
import { useVersionDiff } from '../../api/catalog.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { codeLang } from '../../i18n/language.ts';
import { diffLabel, diffValue } from './diffLabels.ts';

const CHANGE_COLORS = { added: 'green', removed: 'red', changed: 'blue' } as const;

/** What a version changed against the one it replaces (GET …/versions/:id/diff). */
export function DiffTable({ entryId, versionId }: { entryId: string; versionId: string }) {
  const { t, i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  const diff = useVersionDiff(entryId, versionId);
  if (diff.error) return <ApiErrorAlert error={diff.error} />;
  const yes = t('common.yes');
  const no = t('common.no');
  const fieldName = (key: string) => (i18n.exists(`fields.${key}`) ? t(`fields.${key}` as 'fields.name') : undefined);
  const itemFieldName = (key: string) => (i18n.exists(`item.${key}`) ? t(`item.${key}` as 'item.name') : undefined);
  return (
    <>
      {diff.data && (
        <Alert
          type="info"
          style={{ marginBottom: 8 }}
          title={diff.data.fromVersionNo === null ? t('diff.firstVersion', { to: diff.data.toVersionNo }) : t('diff.between', { from: diff.data.fromVersionNo, to: diff.data.toVersionNo, count: diff.data.changes.length })}
        />
      )}
      <Table<DiffChange>
        data-testid="diff-table"
        size="small"
        loading={diff.isPending}
        rowKey={(change) => `${change.path}:${change.change}`}
        pagination={false}
        dataSource={diff.data?.changes ?? []}
        columns={[
          { title: t('diff.field'), key: 'label', width: 200, render: (_v, change) => diffLabel(change, lang, fieldName, itemFieldName, t('diff.item')) },
          { title: t('diff.change'), dataIndex: 'change', width: 90, render: (value: DiffChange['change']) => <Tag color={CHANGE_COLORS[value]}>{t(`diff.${value}`)}</Tag> },
          { title: t('diff.before'), dataIndex: 'before', render: (value: unknown) => (value === null || value === undefined ? '—' : <span className="ht-diff-before">{diffValue(value, yes, no)}</span>) },
          { title: t('diff.after'), dataIndex: 'after', render: (value: unknown) => (value === null || value === undefined ? '—' : <span className="ht-diff-after">{diffValue(value, yes, no)}</span>) },
        ]}
      />
    </>
  );
}
