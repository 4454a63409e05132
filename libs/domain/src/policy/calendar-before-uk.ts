import { ukBankHolidays } from './bank-holidays.uk';
import { parseProcurementPolicy, type ProcurementPolicy, type ProcurementPolicyInput } from './procurement-policy.schema';

/**
 * The procurement policy as processes started before the UK calendar decided under it: working days skipped England
 * and Wales' bank holidays only (or the deployment's own list) and no year was refused. Only for replaying those
 * processes' histories, whose standstills and deadlines must come out as they were decided; everything new decides
 * under `parseProcurementPolicy`, with every nation's holidays and the known years.
 */
export const procurementPolicyBeforeUkCalendar = (input: ProcurementPolicyInput | undefined): ProcurementPolicy => {
  const { calendar, ...rest } = input ?? {};
  const bankHolidays = calendar?.bankHolidays ?? ukBankHolidays['england-and-wales'].map((holiday) => holiday.date);
  return Object.freeze({
    ...parseProcurementPolicy(rest),
    calendar: Object.freeze({
      bankHolidays: Object.freeze([...bankHolidays]) as string[],
      knownYears: Object.freeze({ first: Number.NEGATIVE_INFINITY, last: Number.POSITIVE_INFINITY }),
    }),
  });
};
