import { kpiNotRateable, unrateableKpis } from '../monitoring/kpi-assessment';
import { EvaluationCriteria } from '../policy/evaluation.policy';
import { parseOrRefuse } from '../policy/parse';
import { conflict, invalid } from '../shared/errors';
import type { ContractEvent, ServiceSpecification } from './contract.events';
import type { OpenContract, Stage } from './contract.state';
import { currentContractRules, type ContractRules } from './contract.rules';

/**
 * The stages at which the specification may be agreed or revised: from the route decision until the tender is
 * published, or, for a direct award or grant, until the contract is issued (both set `specificationFrozen`).
 */
const specificationOpenAt: ReadonlySet<Stage> = new Set(['specification', 'procurement', 'award', 'contract-issue']);

const refuseRepeats = (values: readonly string[], field: (index: number) => string, what: string): void => {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const key = value.toLowerCase();
    if (seen.has(key)) throw invalid('specification.duplicate-entry', `${what} ${JSON.stringify(value)} appears more than once`, field(index));
    seen.add(key);
  });
};

/**
 * Agrees the service specification, or revises it (the revision number increases). Refusals:
 * - `commission.specification-not-open` (conflict): the route is not decided yet, or the contract is past issue;
 * - `commission.specification-frozen` (conflict): the tender has been published, or the contract issued;
 * - `criteria.required-for-tender` (invalid, field `criteria`): a tender route without evaluation criteria;
 * - the criteria's own rules, field `criteria` (invalid): `criteria.weights-must-sum-to-100`,
 *   `criteria.ids-must-be-unique`, `criteria.at-most-one-price-criterion`;
 * - `specification.duplicate-entry` (invalid): a KPI name, a remedy or a review cadence given twice;
 * - `specification.rag-thresholds-out-of-order` (invalid): a green band that is not better than the amber one;
 * - `specification.kpi-not-rateable` (invalid, field `kpis.<i>.rag`): a KPI without RAG thresholds, under the rules
 *   that require them (`ContractRules.kpisMustBeRateable`).
 */
export const agreeSpecification = (
  contract: OpenContract,
  specification: ServiceSpecification,
  rules: ContractRules = currentContractRules,
): ContractEvent => {
  if (!contract.route || !specificationOpenAt.has(contract.stage)) {
    throw conflict(
      'commission.specification-not-open',
      contract.route
        ? `The specification can no longer change: the contract is at stage ${contract.stage}`
        : 'The specification can be agreed only once the route is decided',
    );
  }
  if (contract.specificationFrozen) {
    throw conflict(
      'commission.specification-frozen',
      contract.issued || contract.award
        ? `The specification is frozen: the contract has been ${contract.issued ? 'issued' : 'awarded from its tender'}`
        : 'The specification and its criteria are frozen: the tender has been published',
    );
  }

  if (specification.criteria === undefined) {
    if (contract.route.route === 'tender') {
      throw invalid('criteria.required-for-tender', 'A tender needs evaluation criteria and weights to publish', 'criteria');
    }
  } else {
    parseOrRefuse(EvaluationCriteria, { criteria: specification.criteria }, 'criteria.invalid');
  }

  refuseRepeats(
    specification.kpis.map((kpi) => kpi.name),
    (index) => `kpis.${index}.name`,
    'The KPI',
  );
  const [unrateable] = rules.kpisMustBeRateable ? unrateableKpis(specification.kpis) : [];
  if (unrateable !== undefined) {
    throw invalid(kpiNotRateable.code, kpiNotRateable.message(specification.kpis[unrateable]?.name ?? ''), `kpis.${unrateable}.rag`);
  }
  specification.kpis.forEach((kpi, index) => {
    if (!kpi.rag) return;
    const { direction, green, amber } = kpi.rag;
    if (direction === 'higher-is-better' ? green <= amber : green >= amber) {
      throw invalid(
        'specification.rag-thresholds-out-of-order',
        `For ${kpi.name} (${direction}) the green threshold ${green} must be better than the amber threshold ${amber}`,
        `kpis.${index}.rag`,
      );
    }
  });
  refuseRepeats(specification.remediesAllowed, (index) => `remediesAllowed.${index}`, 'The remedy');
  refuseRepeats(specification.monitoring.reviewCadence, (index) => `monitoring.reviewCadence.${index}`, 'The review cadence');

  const revision = (contract.specification?.revision ?? 0) + 1;
  return { type: 'SpecificationAgreed', data: { ...specification, revision } };
};
