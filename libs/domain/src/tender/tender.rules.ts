/**
 * Rules a tender's workflow adopted at a known point in its history (see `ContractRules`): a workflow decides each
 * command again when its history is replayed, so a rule that refuses what was once accepted applies only to
 * workflows that recorded it with Temporal's `patched()`.
 */
export interface TenderRules {
  /** A declared conflict of interest names the bidders it is with, and bars scoring only theirs (issue 17). */
  conflictsNameBidders: boolean;
}

export const currentTenderRules: TenderRules = { conflictsNameBidders: true };

/** The patch id of each rule, as the workflow records it. */
export const tenderRulePatches: Readonly<Record<keyof TenderRules, string>> = { conflictsNameBidders: 'conflicts-name-bidders' };
