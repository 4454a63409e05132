import type { MonitoringPolicy } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { dueItemsProjectionFor } from '../due-items/due-items.projection';
import { governanceLogProjection } from '../governance-log/governance-log.projection';
import { planTrackerProjection } from '../plan-tracker/plan-tracker.projection';
import { ContractRegisterProjector } from '../register/contract-register.projector';
import { providerScorecardProjection } from '../scorecards/provider-scorecard.projection';
import { MONITORING_POLICY, PG_POOL } from '../tokens';
import { ProcessProjector, type Projector } from './process-projector';

/** Every projection, in the order each event is applied to them. */
@Injectable()
export class Projectors {
  readonly all: readonly Projector[];

  constructor(
    @Inject(PG_POOL) pool: Pool,
    register: ContractRegisterProjector,
    @Inject(MONITORING_POLICY) monitoring: MonitoringPolicy,
  ) {
    this.all = [
      register,
      new ProcessProjector(pool, providerScorecardProjection),
      new ProcessProjector(pool, dueItemsProjectionFor(monitoring)),
      new ProcessProjector(pool, planTrackerProjection),
      new ProcessProjector(pool, governanceLogProjection),
    ];
  }

  get names(): string[] {
    return this.all.map((projector) => projector.name);
  }
}
