import { Link } from 'react-router';
import { Alert, Card, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDedicatedToMe, useNotices } from '../../api/catalog.ts';
import { formatDateTime } from '../../components/format.ts';

/**
 * What concerns the own department beyond its own entries: notices of coming changes to
 * resources it uses, and the 专用 resources it may use directly. Shown only when there is something.
 */
export function DepartmentNotices() {
  const { t } = useTranslation();
  const notices = useNotices();
  const dedicated = useDedicatedToMe();
  const upcoming = notices.data ?? [];
  const dedicatedEntries = dedicated.data ?? [];
  if (upcoming.length === 0 && dedicatedEntries.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {upcoming.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="change-notices"
          title={t('notices.title', { count: upcoming.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
              {upcoming.map((notice) => (
                <li key={notice.id} style={{ padding: '4px 0' }}>
                  <Space wrap>
                    <Tag color={notice.kind === 'offline' ? 'red' : 'blue'}>{notice.kind === 'offline' ? t('notices.offline') : t('notices.update')}</Tag>
                    <Link to={`/catalog/${notice.entryId}`}>{notice.entryName}</Link>
                    <span>{t('notices.effective', { at: formatDateTime(notice.effectiveAt) })}</span>
                    {notice.replacementEntryId && <Link to={`/catalog/${notice.replacementEntryId}`}>{t('notices.replacement')}</Link>}
                  </Space>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {dedicatedEntries.length > 0 && (
        <Card size="small" title={t('notices.dedicated')}>
          <Space wrap>
            {dedicatedEntries.map((entry) => (
              <Link key={entry.id} to={`/catalog/${entry.id}`}>
                <Tag color="purple">{entry.name}</Tag>
              </Link>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
