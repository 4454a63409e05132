import { contractVisibleTo, londonDateOf, paymentPerformance, type Actor, type InvoiceRecord, type PaymentPerformance, type StoredEventRef } from '@cls/domain';
import { ContractClient } from '@cls/temporal';
import { Injectable } from '@nestjs/common';
import type { CommandMeta } from '../contracts/contracts.service';

type Answer = { version: number; events: StoredEventRef[] };

@Injectable()
export class PaymentsService {
  constructor(private readonly contracts: ContractClient) {}

  /** Sends Finance's command to the contract's workflow; answers where its events sit in the record, not their data. */
  async execute(
    contractId: string,
    command: { type: 'RecordInvoice'; data: { invoiceId: string; amountPence: number; receivedOn?: string } } | { type: 'PayInvoice'; data: { invoiceId: string; paidOn?: string } },
    meta: CommandMeta,
    reason?: string,
  ): Promise<Answer> {
    const request = {
      command,
      context: { commandId: meta.commandId, correlationId: meta.correlationId, actor: meta.actor },
      ...(reason === undefined ? {} : { reason }),
    };
    const result = await this.contracts.execute(contractId, request, meta.commandId);
    return {
      version: result.version,
      events: result.events.map(({ eventId, type, streamVersion, globalPosition }) => ({ eventId, type, streamVersion, globalPosition })),
    };
  }

  /**
   * The contract's invoices and its payment figures for a period (the ones an authority publishes for itself every
   * six months, s69): by default from its first invoice to today, by the workflow's clock.
   */
  async payments(contractId: string, actor: Actor, period: { from?: string; to?: string }): Promise<{ performance: PaymentPerformance; invoices: InvoiceRecord[] }> {
    const view = await this.contracts.view(contractId);
    const contract = contractVisibleTo(actor, view.state);
    const invoices = Object.values(contract.invoices ?? {});
    const to = period.to ?? londonDateOf(view.clock ?? new Date().toISOString());
    const from = period.from ?? invoices.map((invoice) => invoice.receivedOn).sort()[0] ?? to;
    return { performance: paymentPerformance(contract.invoices, from, to), invoices };
  }
}
