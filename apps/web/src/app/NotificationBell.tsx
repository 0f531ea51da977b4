import { lazy, Suspense, useState } from 'react';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useInbox } from '../api/notifications.ts';

const InboxDrawer = lazy(() => import('./InboxDrawer.tsx').then((m) => ({ default: m.InboxDrawer })));

/** The header's bell: the unread count, asked again every minute; a click opens the inbox drawer. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const badge = useInbox(false, { poll: true });
  const unread = badge.data?.unread ?? 0;
  return (
    <>
      <Tooltip title={t('inbox.title')}>
        <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
          <Button
            type="text"
            icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
            aria-label={unread > 0 ? t('inbox.unreadLabel', { count: unread }) : t('inbox.title')}
            onClick={() => (setOpen(true), setOpened(true))}
            data-testid="notification-bell"
            data-unread={unread}
          />
        </Badge>
      </Tooltip>
      {opened && (
        <Suspense fallback={null}>
          <InboxDrawer open={open} unread={unread} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
