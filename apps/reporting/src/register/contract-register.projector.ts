import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { BatchProjector } from '../projections/process-projector';
import type { ProjectionStore } from '../projections/projection-transaction';
import { PG_POOL } from '../tokens';
import { projectContractRegister, type RegisterEntry } from './contract-register.projection';
import { ContractRegisterRepository } from './contract-register.repository';

/** The name under which this projection records the events it has applied. */
export const contractRegisterProjection = 'contract-register';

export type { ProjectionOutcome } from '../projections/projection-transaction';

/** Applies events to the register exactly once, with the record that each was applied (see inProjectionTransaction). */
@Injectable()
export class ContractRegisterProjector extends BatchProjector<RegisterEntry> {
  readonly name = contractRegisterProjection;
  readonly tables = ['reporting.contract_register'];

  constructor(
    @Inject(PG_POOL) pool: Pool,
    private readonly repository: ContractRegisterRepository,
  ) {
    super(pool);
  }

  protected store(contractId: string): ProjectionStore<RegisterEntry> {
    return {
      load: (client) => this.repository.findForUpdate(client, contractId),
      step: (entry, event) => {
        const change = projectContractRegister(entry, contractId, event);
        return change.kind === 'write' ? { kind: 'write', state: change.entry } : change;
      },
      save: (client, entry) => this.repository.write(client, entry),
    };
  }
}
