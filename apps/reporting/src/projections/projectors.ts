import type { MonitoringPolicy, StoredEvent } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { dueItemsProjectionFor } from '../due-items/due-items.projection';
import { dueItemsStorage } from '../due-items/due-items.storage';
import { governanceLogProjection } from '../governance-log/governance-log.projection';
import { governanceLogStorage } from '../governance-log/governance-log.storage';
import { paymentsComplianceProjection } from '../payments/payments-compliance.projection';
import { paymentsComplianceStorage } from '../payments/payments-compliance.storage';
import { planTrackerProjection } from '../plan-tracker/plan-tracker.projection';
import { planTrackerStorage } from '../plan-tracker/plan-tracker.storage';
import { ContractRegisterProjector } from '../register/contract-register.projector';
import { providerScorecardProjection } from '../scorecards/provider-scorecard.projection';
import { providerScorecardStorage } from '../scorecards/provider-scorecard.storage';
import { MONITORING_POLICY, PG_POOL } from '../tokens';
import { applyToEvery, ProcessProjector, type ProjectorOutcomes, type Projector } from './process-projector';
import type { ApplyOptions } from './projection-transaction';

/** Every projection, in the order each event is applied to them. */
@Injectable()
export class Projectors {
  readonly all: readonly Projector[];

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    register: ContractRegisterProjector,
    @Inject(MONITORING_POLICY) monitoring: MonitoringPolicy,
  ) {
    const dueItems = dueItemsProjectionFor(monitoring);
    this.all = [
      register,
      new ProcessProjector(pool, providerScorecardProjection, providerScorecardStorage),
      new ProcessProjector(pool, dueItems, dueItemsStorage(dueItems)),
      new ProcessProjector(pool, planTrackerProjection, planTrackerStorage),
      new ProcessProjector(pool, governanceLogProjection, governanceLogStorage),
      new ProcessProjector(pool, paymentsComplianceProjection, paymentsComplianceStorage),
    ];
  }

  /** Events of one process to every projection in one transaction (see applyToEvery). */
  applyAll(contractId: string, events: readonly StoredEvent[], options: ApplyOptions = {}): Promise<ProjectorOutcomes[]> {
    return applyToEvery(this.pool, this.all, contractId, events, options);
  }

  get names(): string[] {
    return this.all.map((projector) => projector.name);
  }
}
