import { z } from 'zod';

// The words the specification, the monitoring policy, the monitoring rules and the corrective action plan share.
// They live in a module that imports none of those, so the contract's events can build on all of them without an
// import cycle; contract.events re-exports them under their old names.

/** How often something is measured or reported. */
export const MeasurementFrequency = z.enum(['weekly', 'monthly', 'quarterly', 'biannual', 'annual']);
export type MeasurementFrequency = z.infer<typeof MeasurementFrequency>;

export const ReviewCadence = z.enum(['quarterly', 'biannual', 'annual']);
export type ReviewCadence = z.infer<typeof ReviewCadence>;

/** The powers the contract gives; a punitive remedy can later be used only if it is listed here. */
export const Remedy = z.enum(['financial-remedy', 'suspension-of-referrals', 'suspension-from-list', 'termination']);
export type Remedy = z.infer<typeof Remedy>;

/** The supplier a contract is awarded to. `organisation` is the tenancy key a provider's token carries. */
export const ContractSupplier = z.object({
  organisation: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(300),
});
export type ContractSupplier = z.infer<typeof ContractSupplier>;
