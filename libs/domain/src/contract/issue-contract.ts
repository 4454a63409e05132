import type { ProcurementPolicy } from '../policy/procurement-policy.schema';
import { checkAuthority, type ExtensionOption } from '../policy/route.policy';
import { londonDateOf } from '../policy/london-time';
import { calendarDaysBetween } from '../policy/working-days';
import { conflict, invalid } from '../shared/errors';
import { parseKpiBands } from '../monitoring/kpi-assessment';
import { TerminationTerms } from '../monitoring/termination';
import { parseOrRefuse } from '../policy/parse';
import { refield } from './active-contract';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import { partiesAwaited, type OpenContract } from './contract.state';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

/** The London calendar day of an instant, as the calendar rules count days. */
export const dayOf = (instant: string): string => londonDateOf(instant);

const total = (options: readonly ExtensionOption[]): number => options.reduce((sum, option) => sum + option.valuePence, 0);

/**
 * Issues the contract from the award, once. Refusals:
 * - `contract.already-issued` (conflict);
 * - `contract.not-awarded` (conflict): the supplier has not been named yet;
 * - `contract.end-not-after-start` (invalid, field `endDate`);
 * - `contract.start-before-award` (invalid, field `startDate`): a start before the day of the award;
 * - `contract.value-above-award` (invalid, field `valuePence` or `extensionOptions`): more than was awarded, the
 *   award's value plus the route's extension options (less is allowed: a price agreed down).
 * The event is a snapshot of what the contract is: specification revision, supplier, value, dates, extension
 * options, remedies and KPIs, so that later revisions elsewhere never rewrite what was signed.
 */
export const issueContract = (contract: OpenContract, data: DataOf<'IssueContract'>): ContractEvent[] => {
  if (contract.issued) throw conflict('contract.already-issued', 'The contract has already been issued');
  const { award, route, specification } = contract;
  if (contract.stage !== 'contract-issue' || !award || !route || !specification) {
    throw conflict('contract.not-awarded', `The contract can be issued only once it is awarded: it is at stage ${contract.stage}`);
  }

  if (calendarDaysBetween(data.startDate, data.endDate) <= 0) {
    throw invalid('contract.end-not-after-start', `The end date ${data.endDate} must be after the start date ${data.startDate}`, 'endDate');
  }
  const awardedOn = dayOf(award.awardedAt);
  if (calendarDaysBetween(awardedOn, data.startDate) < 0) {
    throw invalid('contract.start-before-award', `The contract cannot start (${data.startDate}) before its award (${awardedOn})`, 'startDate');
  }

  const valuePence = data.valuePence ?? award.valuePence;
  const extensionOptions = data.extensionOptions ?? route.extensionOptions;
  if (valuePence > award.valuePence) {
    throw invalid('contract.value-above-award', `The contract's value ${valuePence} is above the ${award.valuePence} awarded (pence)`, 'valuePence');
  }
  if (valuePence + total(extensionOptions) > award.valuePence + total(route.extensionOptions)) {
    throw invalid(
      'contract.value-above-award',
      "With its extension options the contract would be worth more than the award and the route's options",
      'extensionOptions',
    );
  }

  const kpis = specification.kpis.map((kpi) => kpi.name);
  const issued: ContractEvent = {
    type: 'ContractIssued',
    data: {
      terms: data.terms,
      specificationRevision: specification.revision,
      supplier: award.supplier,
      valuePence,
      startDate: data.startDate,
      endDate: data.endDate,
      extensionOptions,
      remediesAllowed: specification.remediesAllowed,
      kpis,
    },
  };
  return [issued, ...issuedSchedules(kpis, data)];
};

/**
 * The schedules issued with the contract that its management reads: `KpiBandsSet` and `TerminationTermsSet`, each
 * only when given (ContractIssued keeps its shape). Refusals (invalid): `monitoring.unknown-kpi` (field
 * `kpiBands.<name>`) for bands of a KPI the specification does not have; `monitoring.kpi-bands-out-of-order`
 * (field `kpiBands.<name>.<band>`); `termination.ground-repeated` (field `terminationTerms.grounds.<i>.ground`).
 */
const issuedSchedules = (kpis: readonly string[], { kpiBands, terminationTerms }: DataOf<'IssueContract'>): ContractEvent[] => {
  const events: ContractEvent[] = [];
  if (kpiBands !== undefined) {
    for (const name of Object.keys(kpiBands)) {
      if (!kpis.includes(name)) throw invalid('monitoring.unknown-kpi', `The specification has no KPI ${JSON.stringify(name)}`, `kpiBands.${name}`);
    }
    const bands = refield(() => parseKpiBands(kpiBands), (field) => (field === undefined ? 'kpiBands' : `kpiBands.${field}`));
    events.push({ type: 'KpiBandsSet', data: { bands } });
  }
  if (terminationTerms !== undefined) {
    const terms = refield(
      () => parseOrRefuse(TerminationTerms, terminationTerms, 'termination.invalid'),
      (field) => (field === undefined ? 'terminationTerms' : `terminationTerms.${field}`),
    );
    events.push({ type: 'TerminationTermsSet', data: terms });
  }
  return events;
};

/**
 * Authority to purchase, per the route's category, for the most the contract can commit (its value plus every
 * extension option). Refusals:
 * - `contract.already-authorised` (conflict);
 * - `contract.not-issued` (conflict);
 * - the category's rules (`checkAuthority`): `authority.wrong-authoriser`, `authority.above-delegated-limit`
 *   (forbidden), `authority.criteria-not-met` (conflict).
 * The note becomes the event's reason.
 */
export const authoriseContract = (
  contract: OpenContract,
  { authoriser, eligibilityCriteriaMet, note }: DataOf<'AuthoriseContract'>,
  policy: ProcurementPolicy,
): ContractEvent => {
  if (contract.authorisation) throw conflict('contract.already-authorised', 'The contract has already been authorised');
  const { issued, route } = contract;
  if (!issued || !route) throw conflict('contract.not-issued', 'The contract can be authorised only once it is issued');

  const valuePence = issued.valuePence + total(issued.extensionOptions);
  const category = route.authorityCategory;
  checkAuthority(category, authoriser, valuePence, policy, {
    ...(eligibilityCriteriaMet === undefined ? {} : { eligibilityCriteriaMet }),
  });
  return {
    type: 'ContractAuthorised',
    data: { category, authoriser, valuePence, ...(eligibilityCriteriaMet === undefined ? {} : { eligibilityCriteriaMet }) },
    ...(note === undefined ? {} : { reason: note }),
  };
};

/**
 * A party's signature, after authorisation, once per party. Refusals: `contract.already-signed`,
 * `contract.not-authorised` (conflict). Who may sign for which party is the permissions' (`signingRoles`). The
 * second signature makes the contract binding, so Finance is told its dates, value and supplier with it.
 */
export const signContract = (contract: OpenContract, data: DataOf<'SignContract'>): ContractEvent[] => {
  if (contract.signatures?.[data.party]) throw conflict('contract.already-signed', `The ${data.party} has already signed`);
  const { issued } = contract;
  if (!issued || !contract.authorisation) {
    throw conflict('contract.not-authorised', 'The contract can be signed only once it is issued and authorised');
  }
  const signed: ContractEvent = { type: 'ContractSigned', data };
  const stillAwaited = partiesAwaited(contract).filter((party) => party !== data.party);
  if (stillAwaited.length > 0) return [signed];
  const { startDate, endDate, valuePence, supplier } = issued;
  return [signed, { type: 'FinanceNotified', data: { startDate, endDate, valuePence, supplier } }];
};

/**
 * The signed master copy's reference and who was sent a copy, once both parties have signed. Refusals:
 * `contract.master-copy-already-recorded`, `contract.not-signed` (conflict).
 */
export const recordMasterCopy = (contract: OpenContract, data: DataOf<'RecordMasterCopy'>): ContractEvent => {
  if (contract.masterCopy) throw conflict('contract.master-copy-already-recorded', 'The master copy has already been recorded');
  const awaited = partiesAwaited(contract);
  if (awaited.length > 0) {
    throw conflict('contract.not-signed', `The master copy is the signed contract: awaiting the signature of ${awaited.join(' and ')}`);
  }
  return { type: 'MasterCopyRecorded', data };
};
