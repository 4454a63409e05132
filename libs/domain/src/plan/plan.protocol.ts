/**
 * Corrective action plans are numbered per contract: the contract's nth plan is `<contractId>.<n>`, its stream and
 * its child workflow `plan-<contractId>.<n>`, so a contract's plans list together and never collide.
 */
export const planId = (contractId: string, sequence: number): string => `${contractId}.${sequence}`;
export const planStreamId = (contractId: string, sequence: number): string => `plan-${planId(contractId, sequence)}`;
export const planWorkflowId = planStreamId;
