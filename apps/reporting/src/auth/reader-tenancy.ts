import type { Actor } from '@cls/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../tokens';
import { tenancyOf, type ReportingView, type Tenancy } from './reporting-permissions';

/** tenancyOf, with every refusal logged with the actor who was refused. */
@Injectable()
export class ReaderTenancy {
  private readonly logger: Logger;

  constructor(@Inject(ROOT_LOGGER) logger: Logger) {
    this.logger = logger.child({ component: 'reader-tenancy' });
  }

  of(view: ReportingView, actor: Actor): Tenancy {
    try {
      return tenancyOf(view, actor);
    } catch (error) {
      this.logger.warn({ actor, view }, 'Refused a reporting read');
      throw error;
    }
  }
}
