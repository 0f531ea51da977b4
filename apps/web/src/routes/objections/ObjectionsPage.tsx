import { useState } from 'react';
import { Card, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjections } from '../../api/objections.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ObjectionTable } from '../../components/ObjectionTable.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../app/session.ts';

type Box = 'received' | 'raised';

/** 疑义纠错: objections received on the own entries (to answer) and raised on others' (to close). */
export function ObjectionsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [box, setBox] = useState<Box>(me.can('catalog:objection:answer') ? 'received' : 'raised');
  const objections = useObjections({ box });
  return (
    <>
      <PageTitle title={t('nav.objections')} subtitle={t('objections.intro')} />
      <Card>
        <Segmented<Box>
          aria-label={t('objections.box')}
          style={{ marginBottom: 16 }}
          value={box}
          onChange={setBox}
          options={[
            { value: 'received', label: t('objections.received') },
            { value: 'raised', label: t('objections.raisedBox') },
          ]}
        />
        <ApiErrorAlert error={objections.error} />
        <ObjectionTable
          showEntry
          objections={objections.data ?? []}
          loading={objections.isPending}
          canAnswer={(o) => box === 'received' && me.can('catalog:objection:answer') && o.state === 'open'}
          canClose={(o) => o.raisedByDepartmentId === me.organisationId && o.state !== 'closed'}
        />
      </Card>
    </>
  );
}
