import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPLICATION_STATES, type Application, type ApplicationState } from '@huitong/contracts';
import { formatDateTime } from '../../components/format.ts';
import { stepKindLabel } from '../../components/SharingTags.tsx';
import { parseHistoryAction } from '../../components/sharingStatus.ts';
import { useCodes } from '../../i18n/codes.ts';

type Event = Application['history'][number];

/** 全过程记录: every action on the application, oldest first, with who, when, the state change and the comment. */
export function HistoryTimeline({ history }: { history: Event[] }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const stateLabel = (state: string | null) => (state ? codes.label(APPLICATION_STATES, state as ApplicationState) || state : '');
  const describe = (event: Event) => {
    const { verb, step, raw } = parseHistoryAction(event.action);
    if (!verb) return raw;
    const text = t(`sharing.action.${verb}`);
    return step ? `${text} · ${stepKindLabel(codes, step)}` : text;
  };
  return (
    <Timeline
      data-testid="application-history"
      items={history.map((event, index) => {
        const { verb } = parseHistoryAction(event.action);
        return {
          key: index,
          color: verb === 'reject' ? 'red' : verb === 'approve' ? 'green' : verb === 'withdraw' ? 'gray' : 'blue',
          content: (
            <div data-testid="history-event">
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {formatDateTime(event.occurredAt)}
              </Typography.Text>
              <strong>{describe(event)}</strong>
              <Typography.Text type="secondary">{` · ${event.actorName ?? t('sharing.history.system')}`}</Typography.Text>
              {event.fromState !== event.toState && event.toState && (
                <Typography.Text type="secondary">{` · ${event.fromState ? `${stateLabel(event.fromState)} → ` : ''}${stateLabel(event.toState)}`}</Typography.Text>
              )}
              {event.comment && <div>{event.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
