import { z } from 'zod';
import { NeedsAssessment } from './contract.events';

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

export const ContractCommand = z.discriminatedUnion('type', [OpenCommission, RecordNeedsAssessment]);
export type ContractCommand = z.infer<typeof ContractCommand>;
export type ContractCommandType = ContractCommand['type'];
