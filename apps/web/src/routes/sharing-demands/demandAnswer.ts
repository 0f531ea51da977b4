import type { Demand, ErrorDetail } from '@huitong/contracts';
import { emptyContentValues, type ContentFormValues } from '../catalog-edit/contentForm.ts';

/**
 * The answer to a demand has two parts: the answer itself (decision, text) and, when agreeing,
 * the catalog draft for the demanded data. The server names draft problems `draft.items[0].name`
 * (request schema) or `content.items[0].name` (catalog rules); both go to the draft editor, which
 * maps `content.…` paths like 编制目录 does.
 */
export function splitDemandErrors(details: readonly ErrorDetail[]): { answer: ErrorDetail[]; draft: ErrorDetail[] } {
  const answer: ErrorDetail[] = [];
  const draft: ErrorDetail[] = [];
  for (const detail of details) {
    const field = detail.field ?? '';
    if (field === 'draft' || field.startsWith('draft.') || field.startsWith('draft[')) {
      const rest = field.slice('draft'.length);
      draft.push({ ...detail, field: `content${rest}`, message: detail.message.startsWith(`${field}`) ? `content${rest}${detail.message.slice(field.length)}` : detail.message });
    } else if (field === 'content' || field.startsWith('content.')) {
      draft.push(detail);
    } else {
      answer.push(detail);
    }
  }
  return { answer, draft };
}

/** A catalog draft prefilled from the demand: its title as the name, its description as the abstract. */
export function draftFromDemand(demand: Pick<Demand, 'title' | 'description'>, ownDepartmentClass: string | null): ContentFormValues {
  return { ...emptyContentValues(ownDepartmentClass ?? ''), name: demand.title, abstract: demand.description };
}

/** Whether the signed-in department answers this demand now. */
export function mayAnswer(demand: Pick<Demand, 'state' | 'provider'>, organisationId: string, canAnswer: boolean): boolean {
  return canAnswer && demand.state === 'open' && demand.provider.id === organisationId;
}
