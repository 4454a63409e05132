import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Tenancy } from '../auth/reporting-permissions';
import { PG_POOL } from '../tokens';
import type { ComplianceQuery, PaymentsCompliance } from './payments-compliance.schema';

interface Figures {
  invoices_received: number;
  invoices_paid: number;
  paid_within_terms: number;
  average_days: string | null;
  paid_late_pence: string;
  unpaid_overdue: number;
}

@Injectable()
export class PaymentsComplianceRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Counted as the contract's own figures are (paymentPerformance in the domain): paid by the period's last day. */
  async figures(tenancy: Tenancy, { from, to }: ComplianceQuery): Promise<PaymentsCompliance> {
    const { rows } = await this.pool.query<Figures>(
      `SELECT count(*)::int AS invoices_received,
         count(*) FILTER (WHERE paid_on <= $3)::int AS invoices_paid,
         count(*) FILTER (WHERE paid_on <= $3 AND paid_on <= due_on)::int AS paid_within_terms,
         round(avg(paid_on - received_on) FILTER (WHERE paid_on <= $3), 2)::text AS average_days,
         coalesce(sum(amount_pence) FILTER (WHERE paid_on <= $3 AND paid_on > due_on), 0)::text AS paid_late_pence,
         count(*) FILTER (WHERE (paid_on IS NULL OR paid_on > $3) AND due_on < $3)::int AS unpaid_overdue
       FROM reporting.invoices WHERE ${tenancy.column} = $1 AND received_on BETWEEN $2 AND $3`,
      [tenancy.organisation, from, to],
    );
    const figures = rows[0];
    if (!figures) throw new Error('An aggregate answered no row');
    const paid = figures.invoices_paid;
    return {
      noticeType: 'UK8',
      organisation: tenancy.organisation,
      from,
      to,
      invoicesReceived: figures.invoices_received,
      invoicesPaid: paid,
      paidWithinTerms: figures.paid_within_terms,
      paidWithinTermsPercent: paid === 0 ? 100 : Math.round((figures.paid_within_terms * 10_000) / paid) / 100,
      ...(figures.average_days === null ? {} : { averageDaysToPay: Number(figures.average_days) }),
      paidLatePence: Number(figures.paid_late_pence),
      unpaidOverdue: figures.unpaid_overdue,
    };
  }
}
