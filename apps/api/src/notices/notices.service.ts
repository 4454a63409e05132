import { DomainError, tenderIdFor, type Actor, type ContractCommand, type StoredEventRef } from '@cls/domain';
import { ContractClient, TenderClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import { createdBy } from '../contracts/command-answer';
import type { CommandMeta } from '../contracts/contracts.service';
import { OcdsService } from '../ocds/ocds.service';
import type { ReleasePackage } from '../ocds/ocds.types';
import { processNotices, type ProcessNotice } from './process-notices';

const noticeNotFound = (noticeId: string) => new DomainError('not-found', 'notice.not-found', `No notice ${noticeId}`, 'noticeId');

/** The stream a notice id names: `c-…` the contract's own, `t<n>-…` the process's nth tender. */
const streamOf = (contractId: string, noticeId: string): { kind: 'contract' } | { kind: 'tender'; tenderId: string } => {
  const key = noticeId.slice(0, noticeId.indexOf('-'));
  if (key === 'c') return { kind: 'contract' };
  const sequence = /^t([1-9]\d{0,3})$/.exec(key)?.[1];
  if (sequence === undefined) throw noticeNotFound(noticeId);
  return { kind: 'tender', tenderId: tenderIdFor(contractId, Number(sequence)) };
};

type Answer = { version: number; events: StoredEventRef[] };

const requestOf = <Command>(command: Command, meta: CommandMeta, reason: string | undefined) => ({
  command,
  context: { commandId: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
  ...(reason === undefined ? {} : { reason }),
});

/** A command's answer over HTTP: the version it reached and where its events sit in the record, not their data. */
const answerOf = (result: { version: number; events: readonly StoredEventRef[] }): Answer => ({
  version: result.version,
  events: result.events.map(({ eventId, type, streamVersion, globalPosition }) => ({ eventId, type, streamVersion, globalPosition })),
});

@Injectable()
export class NoticesService {
  constructor(
    private readonly contracts: ContractClient,
    private readonly tenders: TenderClient,
    private readonly ocds: OcdsService,
  ) {}

  /** The process's notices, read from the record by the OCDS export's readers' rule. */
  async list(contractId: string, actor: Actor): Promise<ProcessNotice[]> {
    const { events } = await this.ocds.process(contractId, actor);
    return processNotices(events);
  }

  /** A published notice as the OCDS release that publishes it, in a release package of its own. */
  async release(contractId: string, noticeId: string, actor: Actor): Promise<ReleasePackage> {
    const { events, releases } = await this.ocds.process(contractId, actor);
    const notice = processNotices(events).find((candidate) => candidate.noticeId === noticeId);
    if (!notice) throw noticeNotFound(noticeId);
    const release = releases.find((candidate) => candidate.id === notice.releaseId);
    if (!release) throw new DomainError('conflict', 'notice.not-published', `Notice ${noticeId} is ${notice.status}: only a published notice has a release`, 'noticeId');
    return this.ocds.releasePackageOfOne(contractId, release);
  }

  /** Approves a drafted notice in the workflow of the stream it is on; the workflow then publishes it. */
  async approve(contractId: string, noticeId: string, meta: CommandMeta, reason?: string): Promise<Answer> {
    const command = { type: 'ApproveNotice' as const, data: { noticeId } };
    const stream = streamOf(contractId, noticeId);
    const request = requestOf(command, meta, reason);
    return answerOf(
      stream.kind === 'contract'
        ? await this.contracts.execute(contractId, request, meta.commandId)
        : await this.tenders.execute(stream.tenderId, request, meta.commandId),
    );
  }

  /**
   * Drafts the transparency notice a covered direct award must follow (approved at once when the commissioner's role
   * may approve notices), and answers the notice's id with the command's outcome.
   */
  async prepareTransparency(
    contractId: string,
    data: Extract<ContractCommand, { type: 'PrepareTransparencyNotice' }>['data'],
    meta: CommandMeta,
    reason?: string,
  ): Promise<Answer & { noticeId: string }> {
    const command = { type: 'PrepareTransparencyNotice' as const, data };
    const result = await this.contracts.execute(contractId, requestOf(command, meta, reason), meta.commandId);
    return { ...answerOf(result), noticeId: createdBy(result, 'NoticeDrafted', 'noticeId') };
  }
}
