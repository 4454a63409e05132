/**
 * Rules a contract's workflow adopted at a known point in its history. A workflow decides each command again when
 * its history is replayed, so a rule that refuses what was once accepted applies only to workflows that recorded
 * it (Temporal's `patched()`); older runs keep the rules they started with until they continue as new. Everything
 * outside a workflow (the API's own checks, tests) decides under the current rules.
 */
export interface ContractRules {
  /** Every KPI must have RAG thresholds at specification, so that its returns are rated (issue 17). */
  kpisMustBeRateable: boolean;
  /**
   * The contract publishes its Procurement Act notices: the contract details notice (UK7) once it is entered into,
   * with its statutory deadline escalated when missed (issue 17).
   */
  statutoryNotices: boolean;
}

export const currentContractRules: ContractRules = { kpisMustBeRateable: true, statutoryNotices: true };

/** The patch id of each rule, as the workflow records it. */
export const contractRulePatches: Readonly<Record<keyof ContractRules, string>> = {
  kpisMustBeRateable: 'kpis-must-be-rateable',
  statutoryNotices: 'statutory-notices',
};
