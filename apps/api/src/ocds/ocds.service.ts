import {
  contractNotFound,
  contractStreamId,
  parseContractEvent,
  tenderIdFor,
  tenderStreamId,
  type Actor,
  type Role,
  type StoredEvent,
} from '@cls/domain';
import { PostgresEventStore } from '@cls/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Pool } from 'pg';
import { OCDS_CONFIG, OCDS_POOL, type OcdsConfig } from './ocds.config';
import { recordPackageOf, releasePackageOf, releasesOf, type OcdsPublication } from './ocds-releases';
import type { RecordPackage, Release, ReleasePackage } from './ocds.types';

/**
 * Who reads a process's OCDS packages while they are not public: the buying organisation's staff, governance
 * included. Evaluators read only their tenders and providers only their own side of a contract, so neither reads
 * the whole process here.
 */
const readers: ReadonlySet<Role> = new Set<Role>(['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance', 'governance']);

@Injectable()
export class OcdsService {
  private readonly store: PostgresEventStore;
  private readonly publication: OcdsPublication;

  constructor(
    @Inject(OCDS_POOL) pool: Pool,
    @Inject(OCDS_CONFIG) private readonly config: OcdsConfig,
    @InjectPinoLogger('Ocds') private readonly logger: PinoLogger,
  ) {
    this.store = new PostgresEventStore(pool);
    this.publication = {
      ocidPrefix: config.CLS_OCDS_OCID_PREFIX,
      publisher: { name: config.CLS_OCDS_PUBLISHER_NAME, ...(config.CLS_OCDS_PUBLISHER_URI ? { uri: config.CLS_OCDS_PUBLISHER_URI } : {}) },
      baseUrl: config.CLS_OCDS_BASE_URL,
      ...(config.CLS_OCDS_LICENSE ? { license: config.CLS_OCDS_LICENSE } : {}),
    };
  }

  /** `actor` is absent only when the packages are public (CLS_OCDS_PUBLIC), and then none is needed. */
  async releasePackage(contractId: string, actor: Actor | undefined): Promise<ReleasePackage> {
    return releasePackageOf(contractId, await this.releases(contractId, actor), this.publication);
  }

  async recordPackage(contractId: string, actor: Actor | undefined): Promise<RecordPackage> {
    return recordPackageOf(contractId, await this.releases(contractId, actor), this.publication);
  }

  /** One release of the process (a notice's, say) as a release package of its own. */
  releasePackageOfOne(contractId: string, release: Release): ReleasePackage {
    return releasePackageOf(contractId, [release], this.publication);
  }

  /** The process's releases, and the events of its contract's and tenders' streams they were made from. */
  async process(contractId: string, actor: Actor | undefined): Promise<{ events: StoredEvent[]; releases: Release[] }> {
    const events = await this.processEvents(contractId, actor);
    return { events, releases: releasesOf(contractId, events, this.publication) };
  }

  private async releases(contractId: string, actor: Actor | undefined): Promise<Release[]> {
    return (await this.process(contractId, actor)).releases;
  }

  /**
   * A process the reader may not see answers exactly as one that does not exist, so existence does not leak; the
   * refusal is logged with the actor for the governance trail.
   */
  private async processEvents(contractId: string, actor: Actor | undefined): Promise<StoredEvent[]> {
    const contract = await this.store.readStream(contractStreamId(contractId));
    const opened = contract.find((event) => event.type === 'CommissionOpened');
    if (!opened) throw contractNotFound();
    const commission = parseContractEvent(opened.type, opened.data);
    const buyer = commission.type === 'CommissionOpened' ? commission.data.organisation : undefined;
    if (!this.config.CLS_OCDS_PUBLIC && !(actor && readers.has(actor.role) && actor.organisation === buyer)) {
      this.logger.warn({ actor, contractId }, 'OCDS export refused');
      throw contractNotFound();
    }
    return [...contract, ...(await this.tenderEvents(contractId))];
  }

  /**
   * A contract's tenders are numbered from 1 and never run side by side (one ends before the next starts), so
   * they are read in turn until a number has no stream. This also finds tenders begun before the contract stream
   * recorded TenderStarted.
   */
  private async tenderEvents(contractId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (let sequence = 1; ; sequence += 1) {
      const stream = await this.store.readStream(tenderStreamId(tenderIdFor(contractId, sequence)));
      if (stream.length === 0) return events;
      events.push(...stream);
    }
  }
}
