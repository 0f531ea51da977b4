import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  DOMAINS,
  FORMAT_CATEGORIES,
  PROVISION_METHODS,
  SHARE_METHOD_TYPES,
  SHARE_MODES,
  UPDATE_CYCLES,
  type CatalogContent,
  type CatalogEntryDetail,
} from '@huitong/contracts';
import { useClassifications } from '../../api/catalog.ts';
import { MountTag, OpenTypeTag, ShareTypeTag } from '../../components/CodeTags.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { useCodes } from '../../i18n/codes.ts';

const dash = (value: string | null | undefined) => (value && value.trim() ? value : '—');

/** 基本信息: every metadata field of the version in force, with mount status and 专用 departments. */
export function EntryOverview({ entry, content }: { entry: CatalogEntryDetail; content: CatalogContent }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const classifications = useClassifications();
  const className = classifications.data?.find((c) => c.code === content.classCode)?.name;
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('detail.section.basic')} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('fields.name')}>{content.name}</Descriptions.Item>
        <Descriptions.Item label={t('fields.resourceCode')}>
          <code>{entry.resourceCode}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.provider')}>{entry.providerDepartmentName}</Descriptions.Item>
        <Descriptions.Item label={t('fields.internalUnitId')}>{dash(entry.internalUnitName)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.classCode')}>
          {content.classCode}
          {className ? ` ${className}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.domain')}>{codes.label(DOMAINS, content.domain)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.abstract')} span="filled">
          {content.abstract}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.keywords')} span="filled">
          {content.keywords && content.keywords.length > 0 ? content.keywords.map((k) => <Tag key={k}>{k}</Tag>) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('detail.section.format')} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('fields.formatCategory')}>{codes.label(FORMAT_CATEGORIES, content.formatCategory)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.formatType')}>{content.formatType}</Descriptions.Item>
        <Descriptions.Item label={t('fields.updateCycle')}>{codes.label(UPDATE_CYCLES, content.updateCycle)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.timeliness')}>{dash(content.timeliness)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.provisionMethod')}>{codes.label(PROVISION_METHODS, content.provisionMethod)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.mount')}>
          <MountTag value={entry.mount.status} showMounted />
          {entry.mount.mountedAt && formatDateTime(entry.mount.mountedAt)}
          {entry.mount.detail && ` ${entry.mount.detail}`}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('detail.section.sharing')} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('fields.shareType')}>
          <ShareTypeTag value={content.shareType} />
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.shareModes')}>{content.shareModes.length > 0 ? content.shareModes.map((m) => codes.label(SHARE_MODES, m)).join('、') : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fields.shareMethodType')}>{codes.label(SHARE_METHOD_TYPES, content.shareMethodType)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.shareConditions')}>{dash(content.shareConditions)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.legalBasis')} span="filled">
          {dash(content.legalBasis)}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.openType')}>
          <OpenTypeTag value={content.openType} />
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.openConditions')}>{dash(content.openConditions)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.openLegalBasis')} span="filled">
          {dash(content.openLegalBasis)}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.dedicated')}>{content.dedicated ? t('common.yes') : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('fields.dedicatedDepartmentIds')}>
          <span data-testid="dedicated-departments">{entry.dedicatedDepartments.length > 0 ? entry.dedicatedDepartments.map((d) => <Tag key={d.id}>{d.name}</Tag>) : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.relatedResourceCodes')} span="filled">
          {content.relatedResourceCodes.length > 0 ? content.relatedResourceCodes.map((c) => <Tag key={c}>{c}</Tag>) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={t('detail.section.lifecycle')}>
        <Descriptions.Item label={t('fields.createdAt')}>{formatDateTime(entry.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.publishedAt')}>{formatDateTime(entry.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.lastMaintainedAt')}>{formatDateTime(entry.lastMaintainedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('fields.maintenanceDueAt')}>
          {formatDate(entry.maintenanceDueAt)}
          {entry.maintenanceOverdue && (
            <Tag color="error" style={{ marginInlineStart: 8 }}>
              {t('detail.overdue')}
            </Tag>
          )}
        </Descriptions.Item>
        {entry.offlineAt && <Descriptions.Item span="filled" label={t('fields.offlineAt')}>{formatDateTime(entry.offlineAt)}</Descriptions.Item>}
      </Descriptions>
    </>
  );
}
