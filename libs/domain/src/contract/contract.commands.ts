import { z } from 'zod';
import { NeedsAssessment, RouteDecisionDetails, ServiceSpecification } from './contract.events';

export const OpenCommission = z.object({
  type: z.literal('OpenCommission'),
  data: z.object({
    contractId: z.uuid(),
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(4000).optional(),
  }),
});

export const RecordNeedsAssessment = z.object({
  type: z.literal('RecordNeedsAssessment'),
  data: NeedsAssessment,
});

/** The commissioner decides grant, direct award or tender; checked against the deployment's procurement policy. */
export const DecideRoute = z.object({
  type: z.literal('DecideRoute'),
  data: RouteDecisionDetails,
});

/** Agrees (or revises, until the tender is published) the service specification and the evaluation criteria. */
export const AgreeSpecification = z.object({
  type: z.literal('AgreeSpecification'),
  data: ServiceSpecification,
});

export const ContractCommand = z.discriminatedUnion('type', [OpenCommission, RecordNeedsAssessment, DecideRoute, AgreeSpecification]);
export type ContractCommand = z.infer<typeof ContractCommand>;
export type ContractCommandType = ContractCommand['type'];
