import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Drawer, Empty, Flex, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@huitong/contracts';
import { useNotices } from '../api/catalog.ts';
import { useInbox, useMarkRead } from '../api/notifications.ts';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { notificationText } from '../api/errors.ts';
import { codeLang } from '../i18n/language.ts';
import { formatDateTime } from '../components/format.ts';
import { consoleLink, notificationSubject, type NotificationSubject } from '../components/sharingStatus.ts';

const SUBJECT_COLORS: Record<NotificationSubject, string> = { application: 'blue', grant: 'green', demand: 'purple', catalog: 'orange', delegation: 'geekblue', other: 'default' };

/** Coming changes to catalog entries the department uses (also on 我的目录). */
function UpcomingChanges({ onOpen }: { onOpen: (link: string) => void }) {
  const { t } = useTranslation();
  const notices = useNotices();
  const upcoming = notices.data ?? [];
  if (upcoming.length === 0) return null;
  return (
    <section aria-labelledby="inbox-notices" style={{ marginBottom: 16 }} data-testid="inbox-change-notices">
      <Typography.Title level={2} id="inbox-notices" style={{ fontSize: 14 }}>
        {t('notices.title', { count: upcoming.length })}
      </Typography.Title>
      <ul className="ht-inbox">
        {upcoming.map((notice) => (
          <li key={notice.id}>
            <Space wrap size={4}>
              <Tag color={notice.kind === 'offline' ? 'red' : 'blue'}>{notice.kind === 'offline' ? t('notices.offline') : t('notices.update')}</Tag>
              <Typography.Link onClick={() => onOpen(`/catalog/${notice.entryId}`)}>{notice.entryName}</Typography.Link>
              <Typography.Text type="secondary">{t('notices.effective', { at: formatDateTime(notice.effectiveAt) })}</Typography.Text>
            </Space>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The inbox drawer (its own chunk: the shell only loads it when the bell is clicked): 站内信 from
 * applications, grants, demands, delegations and catalog change notices, each linking into the
 * console; opening one marks it read. Coming catalog changes are listed on top.
 */
export function InboxDrawer({ open, unread, onClose }: { open: boolean; unread: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInbox(unreadOnly);
  const markRead = useMarkRead();

  const go = (link: string) => {
    onClose();
    navigate(link);
  };

  const openItem = (item: Notification) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
    const link = consoleLink(item.link);
    if (link) go(link);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={440}
      title={t('inbox.title')}
      extra={
        <Button size="small" icon={<CheckOutlined />} disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })} data-testid="mark-all-read">
          {t('inbox.markAll')}
        </Button>
      }
    >
      <div data-testid="notification-drawer">
        <UpcomingChanges onOpen={go} />
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Segmented<'all' | 'unread'>
            size="small"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(value) => setUnreadOnly(value === 'unread')}
            options={[
              { value: 'all', label: t('inbox.all') },
              { value: 'unread', label: t('inbox.unread', { count: unread }) },
            ]}
          />
        </Flex>
        <ApiErrorAlert error={inbox.error ?? markRead.error} />
        <Spin spinning={inbox.isFetching && !inbox.data}>
          {inbox.data && inbox.data.items.length === 0 ? (
            <Empty description={unreadOnly ? t('inbox.noUnread') : t('inbox.empty')} />
          ) : (
            <ul className="ht-inbox" aria-label={t('inbox.title')}>
              {(inbox.data?.items ?? []).map((item) => {
                const subject = notificationSubject(item.kind);
                const link = consoleLink(item.link);
                const text = notificationText(item, lang);
                return (
                  <li key={item.id} data-testid="notification-item" data-read={item.readAt ? 'true' : 'false'} className={item.readAt ? 'ht-read' : 'ht-unread'}>
                    <Space size={4} wrap>
                      <Tag color={SUBJECT_COLORS[subject]}>{t(`inbox.subject.${subject}`)}</Tag>
                      {link ? (
                        <Typography.Link strong={!item.readAt} onClick={() => openItem(item)}>
                          {text.title}
                        </Typography.Link>
                      ) : (
                        <Typography.Text strong={!item.readAt}>{text.title}</Typography.Text>
                      )}
                    </Space>
                    <Typography.Paragraph style={{ margin: '4px 0' }} data-testid="notification-body">
                      {text.body}
                    </Typography.Paragraph>
                    <Space size={12}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(item.createdAt)}
                      </Typography.Text>
                      {!item.readAt && (
                        <Typography.Link style={{ fontSize: 12 }} onClick={() => markRead.mutate({ ids: [item.id] })}>
                          {t('inbox.markRead')}
                        </Typography.Link>
                      )}
                    </Space>
                  </li>
                );
              })}
            </ul>
          )}
        </Spin>
      </div>
    </Drawer>
  );
}
