// The workflow bundle's entry: every workflow type the worker registers.
export { contractWorkflow } from './contract/contract.workflow';
export { tenderWorkflow } from './tender/tender.workflow';
export { planWorkflow } from './plan/plan.workflow';
