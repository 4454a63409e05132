import type { PersonRole } from '../auth/signed-in-user';
import type { DueItem } from '../backend/read-models';
import { mayGive, mayGivePlanCommand } from '../web/access';

/** Where a due item is dealt with: its form when the role may give the command, else the contract's section on it. */
export const actionFor = (item: DueItem, role: PersonRole): { href: string; text: string } => {
  const contract = `/contracts/${item.contractId}`;
  // `return:<periodId>`, `review:<reviewId>`, `milestone:<planId>:<actionId>`
  const [, id = '', actionId = ''] = item.itemId.split(':');
  switch (item.kind) {
    case 'return':
      return mayGive('SubmitReturn', role)
        ? { href: `${contract}/returns/new?periodId=${encodeURIComponent(id)}`, text: 'Submit the return' }
        : { href: `${contract}#returns`, text: 'See the returns' };
    case 'review':
      return mayGive('HoldReview', role)
        ? { href: `${contract}/reviews/${encodeURIComponent(id)}/minutes`, text: 'Record the minutes' }
        : { href: `${contract}#reviews`, text: 'See the reviews' };
    case 'plan-milestone':
      return mayGivePlanCommand('RecordActionProgress', role)
        ? { href: `/plans/${encodeURIComponent(id)}/actions/${encodeURIComponent(actionId)}/progress`, text: 'Record progress' }
        : { href: `${contract}#plans`, text: 'See the plans' };
  }
};
