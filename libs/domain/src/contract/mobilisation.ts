import type { CommandContext } from '../shared/envelope.schema';
import { conflict } from '../shared/errors';
import { calendarDaysBetween } from '../policy/working-days';
import type { ContractCommand } from './contract.commands';
import type { ContractEvent } from './contract.events';
import type { OpenContract } from './contract.state';
import { dayOf } from './issue-contract';

type DataOf<T extends ContractCommand['type']> = Extract<ContractCommand, { type: T }>['data'];

/**
 * Mobilisation starts once the signed master copy is kept and distributed. Refusals:
 * `contract.mobilisation-already-started`, `contract.master-copy-required` (conflict).
 */
export const startMobilisation = (contract: OpenContract, data: DataOf<'StartMobilisation'>): ContractEvent => {
  if (contract.mobilisation) throw conflict('contract.mobilisation-already-started', 'Mobilisation has already started');
  if (!contract.masterCopy) {
    throw conflict('contract.master-copy-required', 'Mobilisation starts once the signed master copy is recorded and distributed');
  }
  return { type: 'MobilisationStarted', data };
};

/**
 * The contract goes live after mobilisation, on or after its start date (today is the London day of the command's
 * time). Refusals: `contract.already-active`, `contract.not-mobilising`, `contract.before-start-date` (conflict).
 * The note becomes the event's reason.
 */
export const activateContract = (contract: OpenContract, { note }: DataOf<'ActivateContract'>, context: CommandContext): ContractEvent => {
  if (contract.activatedOn !== undefined) throw conflict('contract.already-active', `The contract has been active since ${contract.activatedOn}`);
  const { issued } = contract;
  if (contract.stage !== 'mobilisation' || !issued) {
    throw conflict('contract.not-mobilising', `The contract can go live only after mobilisation: it is at stage ${contract.stage}`);
  }
  const today = dayOf(context.now);
  if (calendarDaysBetween(issued.startDate, today) < 0) {
    throw conflict('contract.before-start-date', `The contract starts on ${issued.startDate}; today is ${today}`);
  }
  return { type: 'ContractActivated', data: { activatedOn: today }, ...(note === undefined ? {} : { reason: note }) };
};
