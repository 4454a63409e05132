import type { StoredEvent } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Projector } from '../projections/process-projector';
import { inProjectionTransaction, type ApplyOptions, type ProjectionOutcome } from '../projections/projection-transaction';
import { PG_POOL } from '../tokens';
import { projectContractRegister } from './contract-register.projection';
import { ContractRegisterRepository } from './contract-register.repository';

/** The name under which this projection records the events it has applied. */
export const contractRegisterProjection = 'contract-register';

export type { ProjectionOutcome } from '../projections/projection-transaction';

@Injectable()
export class ContractRegisterProjector implements Projector {
  readonly name = contractRegisterProjection;
  readonly tables = ['reporting.contract_register'];

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: ContractRegisterRepository,
  ) {}

  /** Applies one event exactly once, with the record that it was applied (see inProjectionTransaction). */
  apply(contractId: string, event: StoredEvent, options: ApplyOptions = {}): Promise<ProjectionOutcome> {
    return inProjectionTransaction(this.pool, this.name, event, options, async (client) => {
      const change = projectContractRegister(await this.repository.findForUpdate(client, contractId), contractId, event);
      if (change.kind === 'rejected') return change;
      if (change.kind === 'write') await this.repository.write(client, change.entry);
      return change.kind === 'write' ? { kind: 'applied' } : { kind: change.kind };
    });
  }
}
