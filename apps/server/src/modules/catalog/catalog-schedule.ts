import { addPeriod, type Policy } from '../../platform/policy/profiles.ts';
import type { Period } from '../../platform/policy/rules.ts';

export interface ChangeTiming {
  effectiveAt: Date;
  /** Why the change does not take effect at once, for notices and the audit record. */
  reasons: string[];
}

/**
 * When an approved catalog change takes effect.
 *
 * - A first publication takes effect at once.
 * - Updating or taking offline a published entry that has consumers waits for the profile's
 *   notice period (000 Art. 8: one month under longnan), so consumers can adapt.
 * - Taking an entry offline in favour of a replacement keeps it online through the profile's
 *   transition period in natural days (004 Art. 18: 20 days under jinzhong), consumers or not.
 */
export function effectiveAtForChange(args: {
  policy: Policy;
  approvedAt: Date;
  firstPublication: boolean;
  kind: 'content' | 'offline';
  consumerCount: number;
  hasReplacement: boolean;
}): ChangeTiming {
  const { policy, approvedAt } = args;
  let effectiveAt = approvedAt;
  const reasons: string[] = [];
  if (args.firstPublication) return { effectiveAt, reasons };

  const notice = policy.value<Period | null>('catalog.change_notice_period');
  if (notice && args.consumerCount > 0) {
    const noticeEnds = addPeriod(approvedAt, notice);
    if (noticeEnds > effectiveAt) effectiveAt = noticeEnds;
    reasons.push(`notice period ${JSON.stringify(notice)} to ${args.consumerCount} consumer department(s) (${policy.citation('catalog.change_notice_period')})`);
  }
  const transitionDays = policy.value<number | null>('catalog.replacement_transition_days');
  if (args.kind === 'offline' && args.hasReplacement && transitionDays) {
    const transitionEnds = addPeriod(approvedAt, { days: transitionDays });
    if (transitionEnds > effectiveAt) effectiveAt = transitionEnds;
    reasons.push(`replacement transition of ${transitionDays} natural days (${policy.citation('catalog.replacement_transition_days')})`);
  }
  return { effectiveAt, reasons };
}
