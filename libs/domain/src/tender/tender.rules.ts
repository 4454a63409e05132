/**
 * Rules a tender's workflow adopted at a known point in its history (see `ContractRules`): a workflow decides each
 * command again when its history is replayed, so a rule that refuses what was once accepted applies only to
 * workflows that recorded it with Temporal's `patched()`.
 */
export interface TenderRules {
  /** A declared conflict of interest names the bidders it is with, and bars scoring only theirs (issue 17). */
  conflictsNameBidders: boolean;
  /**
   * The tender publishes its Procurement Act notices (UK4 tender, UK6 contract award, UK12 procurement termination),
   * and the standstill runs from the contract award notice's publication instead of from the award decision
   * (issue 17).
   */
  statutoryNotices: boolean;
}

export const currentTenderRules: TenderRules = { conflictsNameBidders: true, statutoryNotices: true };

/** The patch id of each rule, as the workflow records it. */
export const tenderRulePatches: Readonly<Record<keyof TenderRules, string>> = {
  conflictsNameBidders: 'conflicts-name-bidders',
  statutoryNotices: 'statutory-notices',
};
