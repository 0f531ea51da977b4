import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Demand } from '@huitong/contracts';
import { ProvisionalTag } from '../../components/SharingTags.tsx';

const STATE_COLORS: Record<Demand['state'], string> = { open: 'processing', agreed: 'success', declined: 'error' };

export function DemandStateTag({ value }: { value: Demand['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[value]} data-testid="demand-state">
      {t(`sharing.demands.state.${value}`)}
    </Tag>
  );
}

/** The answer deadline with 「暂定」 and 「已超期」 markers while the demand is open. */
export function DemandDue({ demand }: { demand: Pick<Demand, 'dueOn' | 'dueProvisional' | 'overdue' | 'state'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{demand.dueOn}</span>
      {demand.dueProvisional && demand.state === 'open' && <ProvisionalTag />}
      {demand.overdue && <Tag color="error">{t('sharing.deadline.overdue')}</Tag>}
    </Space>
  );
}
