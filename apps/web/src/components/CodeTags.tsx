import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ENTRY_STATUSES, MOUNT_STATUSES, OPEN_TYPES, SHARE_TYPES, VERSION_STATES, type EntryStatus, type MountStatus, type OpenType, type ShareType, type VersionState } from '@huitong/contracts';
import { useCodes } from '../i18n/codes.ts';

const SHARE_COLORS: Record<ShareType, string> = { unconditional: 'green', conditional: 'orange', none: 'default' };
const OPEN_COLORS: Record<OpenType, string> = { unconditional: 'cyan', conditional: 'geekblue', none: 'default' };
const STATUS_COLORS: Record<EntryStatus, string> = { draft: 'default', published: 'success', offline: 'error' };
const STATE_COLORS: Record<VersionState, string> = { draft: 'default', submitted: 'processing', rejected: 'error', approved: 'warning', published: 'success', superseded: 'default' };

export function ShareTypeTag({ value }: { value: ShareType }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Tag color={SHARE_COLORS[value]} title={t('fields.shareType')}>
      {codes.label(SHARE_TYPES, value)}
    </Tag>
  );
}

export function OpenTypeTag({ value }: { value: OpenType }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Tag color={OPEN_COLORS[value]} title={t('fields.openType')}>
      {codes.label(OPEN_TYPES, value)}
    </Tag>
  );
}

export function EntryStatusTag({ value }: { value: EntryStatus }) {
  const codes = useCodes();
  return <Tag color={STATUS_COLORS[value]}>{codes.label(ENTRY_STATUSES, value)}</Tag>;
}

export function VersionStateTag({ value }: { value: VersionState }) {
  const codes = useCodes();
  return <Tag color={STATE_COLORS[value]}>{codes.label(VERSION_STATES, value)}</Tag>;
}

/** 「未挂接数据」 when nothing is mounted yet; nothing otherwise unless `showMounted`. */
export function MountTag({ value, showMounted = false }: { value: MountStatus; showMounted?: boolean }) {
  const codes = useCodes();
  if (value === 'mounted' && !showMounted) return null;
  return (
    <Tag color={value === 'none' ? 'warning' : 'success'} data-testid={value === 'none' ? 'no-data-mounted' : 'data-mounted'}>
      {codes.label(MOUNT_STATUSES, value)}
    </Tag>
  );
}
