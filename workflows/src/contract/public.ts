// What code outside the bundle may use: the activity port the worker implements, and the workflow's input type.
export type { ContractActivities, AppendEventsInput, AppendEventsOutput, EventRejectedDetails } from './contract.activities';
export { eventRejectedFailure, wrongExpectedVersionFailure } from './contract.activities';
export type { ContractWorkflowInput } from './contract.workflow';
export { NoticePublication, NoticeReceipt, noticeRejectedFailure, type NoticeActivities } from './notice-publisher.port';
