import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, Popover, Segmented, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  ApartmentOutlined,
  ApiOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudSyncOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  FolderOpenOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SendOutlined,
  TeamOutlined,
  ToolOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@huitong/contracts';
import { useLogout } from '../api/auth.ts';
import { useDepartments } from '../api/departments.ts';
import { changeLanguage } from '../i18n/setup.ts';
import { codeLang, type Language } from '../i18n/language.ts';
import { useCodes } from '../i18n/codes.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { navigationFor, selectedNavKey, type NavGroup } from './navigation.ts';
import { useSession } from './session.ts';
import { setCareMode, storeCareMode, storedCareMode, useCareMode } from './careMode.ts';

const ICONS: Record<string, ReactNode> = {
  search: <SearchOutlined />,
  mine: <FolderOpenOutlined />,
  create: <FileAddOutlined />,
  review: <CheckSquareOutlined />,
  objections: <QuestionCircleOutlined />,
  maintenance: <ToolOutlined />,
  transfer: <CloudSyncOutlined />,
  departments: <ApartmentOutlined />,
  users: <TeamOutlined />,
  systems: <ApiOutlined />,
  audit: <AuditOutlined />,
  applications: <SendOutlined />,
  sharingReview: <FileDoneOutlined />,
  grants: <SafetyCertificateOutlined />,
  demands: <InboxOutlined />,
  delegations: <UserSwitchOutlined />,
  supervision: <AlertOutlined />,
  webhooks: <NotificationOutlined />,
  calendar: <CalendarOutlined />,
};

const GROUPS: NavGroup[] = ['catalog', 'sharing', 'admin', 'audit'];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const codes = useCodes();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const departments = useDepartments();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const [headerMenuOpen, setHeaderMenuOpen] = useState(false);
  const care = useCareMode();
  // On a phone the menu folds away completely (its trigger stays), leaving the width to the page.
  const phone = Grid.useBreakpoint().sm === false;
  // Each user's own 关怀版 choice, applied when they sign in and dropped when they leave.
  useEffect(() => {
    setCareMode(storedCareMode(window.localStorage, me.user.id));
    return () => setCareMode(false);
  }, [me.user.id]);
  const toggleCare = (on: boolean) => {
    storeCareMode(window.localStorage, me.user.id, on);
    setCareMode(on);
  };

  const items = useMemo(() => navigationFor(me.operations, me.delegatedEntryIds.length > 0), [me.operations, me.delegatedEntryIds]);
  const menuItems = GROUPS.map((group) => ({
    type: 'group' as const,
    key: group,
    label: t(`nav.group.${group}`),
    children: items
      .filter((item) => item.group === group)
      .map((item) => ({ key: item.key, icon: ICONS[item.key], label: <Link to={item.path} data-testid={`nav-${item.key}`}>{t(`nav.${item.key}` as 'nav.search')}</Link> })),
  })).filter((group) => group.children.length > 0);

  const organisation = departments.data?.find((d) => d.id === me.organisationId);
  const departmentLabel = me.department.id === me.organisationId ? me.department.name : `${organisation?.name ?? me.organisationName} / ${me.department.name}`;

  const onLogout = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  // On a phone these go into a drawer behind one menu button, so the header never runs past 390 px.
  const headerControls = (
    <>
      <label className="ht-care-switch">
        <Switch checked={care} onChange={toggleCare} data-testid="care-switch" aria-describedby="care-hint" />
        <span>{t('header.care')}</span>
        <span id="care-hint" className="sr-only">
          {t('header.careHint')}
        </span>
      </label>
      <Segmented<Language>
        size="small"
        aria-label={t('header.language')}
        value={codeLang(i18n.language) === 'en' ? 'en' : 'zh-CN'}
        options={[
          { label: '中文', value: 'zh-CN' },
          { label: 'English', value: 'en' },
        ]}
        onChange={(value) => changeLanguage(value)}
        data-testid="language-switch"
      />
      <Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)} data-testid="change-password" aria-label={t('password.title')}>
        <span className="ht-narrow-hide">{t('password.title')}</span>
      </Button>
      <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} data-testid="logout-button" aria-label={t('header.logout')}>
        <span className="ht-label-wide">{t('header.logout')}</span>
      </Button>
    </>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      {/* One line at every width from 720 px (200 % zoom of 1440 px) up: what does not fit is
          dropped (policy tag, department) or shortened to an icon with its name kept for
          assistive technology (see .ht-narrow-hide in global.css). */}
      <Layout.Header className="ht-header" style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: 16, background: '#0b4fa8' }}>
        <Link to="/catalog" className="ht-brand" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          <span className="ht-narrow-hide">{t('app.name')}</span>
          <span className="ht-narrow-show">{t('app.short')}</span>
        </Link>
        <Tooltip title={t('header.policyProfile')}>
          <Tag color="gold" data-testid="policy-name" className="ht-policy ht-narrow-hide" style={{ marginInlineEnd: 0 }}>
            {me.policy.name}
          </Tag>
        </Tooltip>
        <div style={{ flex: 1, minWidth: 0 }} />
        <Space size="small" className="ht-header-meta" wrap={false}>
          <NotificationBell />
          <Popover
            trigger="click"
            title={t('header.account')}
            content={
              <dl className="ht-account">
                <dt>{t('users.username')}</dt>
                <dd>{me.user.username}</dd>
                <dt>{t('header.userId')}</dt>
                <dd>
                  <Typography.Text code copyable data-testid="current-user-id">
                    {me.user.id}
                  </Typography.Text>
                </dd>
                <dt>{t('users.department')}</dt>
                <dd>{departmentLabel}</dd>
                <dt>{t('users.roles')}</dt>
                <dd>
                  {me.user.roles.map((role) => (
                    <Tag key={role} color="blue" style={{ marginInlineEnd: 4 }}>
                      {codes.label(ROLES, role)}
                    </Tag>
                  ))}
                </dd>
              </dl>
            }
          >
            <button type="button" data-testid="current-user" className="ht-current-user" aria-haspopup="dialog">
              <strong>{me.user.name}</strong>
              <span className="ht-department ht-narrow-hide">{departmentLabel}</span>
            </button>
          </Popover>
          {phone ? (
            <Button type="text" icon={<MenuOutlined />} onClick={() => setHeaderMenuOpen(true)} data-testid="header-menu" aria-label={t('header.menu')} aria-expanded={headerMenuOpen} className="ht-header-menu" />
          ) : (
            headerControls
          )}
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={208} theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" collapsedWidth={phone ? 0 : 80} style={{ borderInlineEnd: '1px solid #e5e7eb' }}>
          <nav aria-label={t('nav.label')}>
            <Menu mode="inline" selectedKeys={[selectedNavKey(location.pathname, items) ?? '']} items={menuItems} style={{ borderInlineEnd: 0 }} />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" tabIndex={-1} style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
          <Typography.Paragraph type="secondary" style={{ marginTop: 32, textAlign: 'center', fontSize: 12 }}>
            {t('app.footer')}
          </Typography.Paragraph>
        </Layout.Content>
      </Layout>
      {phone && (
        <Drawer open={headerMenuOpen} onClose={() => setHeaderMenuOpen(false)} placement="right" width={300} title={t('header.menu')} rootClassName="ht-header-drawer">
          <Space direction="vertical" size="middle" data-testid="header-menu-panel">
            {headerControls}
          </Space>
        </Drawer>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </Layout>
  );
}
