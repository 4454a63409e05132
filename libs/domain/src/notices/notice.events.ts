import { z } from 'zod';
import { Money, ProcurementProcedure, ProcurementRoute } from '../policy/procurement-policy.schema';
import { IsoDate } from '../policy/working-days';

const Instant = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The Procurement Act 2023 notices the central digital platform (Find a Tender) publishes, by the code it marks
 * them with. UK13 and later (dynamic markets, below-threshold) are not notices of a process this service runs.
 */
export const NoticeType = z.enum(['UK1', 'UK2', 'UK3', 'UK4', 'UK5', 'UK6', 'UK7', 'UK8', 'UK9', 'UK10', 'UK11', 'UK12']);
export type NoticeType = z.infer<typeof NoticeType>;

/** The name Find a Tender gives each notice type, for people and for the OCDS document's title. */
export const noticeTypeNames: Readonly<Record<NoticeType, string>> = {
  UK1: 'Pipeline notice',
  UK2: 'Preliminary market engagement notice',
  UK3: 'Planned procurement notice',
  UK4: 'Tender notice',
  UK5: 'Transparency notice',
  UK6: 'Contract award notice',
  UK7: 'Contract details notice',
  UK8: 'Payments compliance notice',
  UK9: 'Contract performance notice',
  UK10: 'Contract change notice',
  UK11: 'Contract termination notice',
  UK12: 'Procurement termination notice',
};

/** Who a notice names as the supplier. */
export const NoticeSupplier = z.object({ organisation: Text(200), name: Text(300) });

/**
 * What a notice states, drafted from facts the process has recorded when it is drafted, and never edited after:
 * what is approved is what is published. Each notice type fills the fields its section of the Act asks for.
 */
export const NoticeContent = z.object({
  title: Text(300),
  description: Text(4000).optional(),
  procedure: ProcurementProcedure.optional(),
  route: ProcurementRoute.optional(),
  /** The estimated, awarded or changed value in pence including VAT. */
  valuePence: Money.optional(),
  supplier: NoticeSupplier.optional(),
  tenderId: Text(200).optional(),
  /** The ground a direct award (Schedule 5) or a modification (s74, Schedule 8) rests on. */
  ground: Text(200).optional(),
  tenderPeriod: z.object({ startDate: Instant, endDate: Instant.optional() }).optional(),
  contractPeriod: z.object({ startDate: IsoDate, endDate: IsoDate }).optional(),
  /** The day the contract was entered into (both signatures), for a contract details notice. */
  enteredInto: IsoDate.optional(),
  /** What the notice is about within the contract: a variation, a termination, a performance finding. */
  subjectId: Text(200).optional(),
  effectiveDate: IsoDate.optional(),
});
export type NoticeContent = z.infer<typeof NoticeContent>;

/**
 * The notice events, the same in every stream that publishes notices (a tender's, a contract's): drafted from the
 * record, approved by a person whose role may approve notices (the event's actor), and published on the platform
 * with the platform's identifier and publication time. The legal clocks that run from a notice run from
 * `publishedAt`, never from the decision it reports.
 */
export const NoticeEventSchemas = {
  NoticeDrafted: {
    schemaVersion: 1,
    data: z.object({
      /** Unique within the contracting process: `<stream key>-<type>-<n>`, e.g. `t1-UK6-1`, `c-UK7-1`. */
      noticeId: Text(100),
      noticeType: NoticeType,
      content: NoticeContent,
      /** The statutory deadline for its publication, where the Act sets one (contract details, termination …). */
      dueBy: Instant.optional(),
    }),
  },
  NoticeApproved: { schemaVersion: 1, data: z.object({ noticeId: Text(100), noticeType: NoticeType }) },
  NoticePublished: {
    schemaVersion: 1,
    data: z.object({
      noticeId: Text(100),
      noticeType: NoticeType,
      /** The identifier the platform gave the notice. */
      platformNoticeId: Text(200),
      /** The platform's publication time: the clocks that run from the notice start here. */
      publishedAt: Instant,
      /** Which adapter published it: `recording` (the development and test seam) or the platform's own client. */
      publisher: Text(100),
    }),
  },
  /** A notice that will not be published after all (its award was set aside before publication). */
  NoticeWithdrawn: { schemaVersion: 1, data: z.object({ noticeId: Text(100), noticeType: NoticeType }) },
} as const;

export type NoticeEvent = {
  [T in keyof typeof NoticeEventSchemas]: { type: T; data: z.infer<(typeof NoticeEventSchemas)[T]['data']>; reason?: string };
}[keyof typeof NoticeEventSchemas];
export type NoticeEventType = NoticeEvent['type'];
export const isNoticeEventType = (type: string): type is NoticeEventType => Object.hasOwn(NoticeEventSchemas, type);
