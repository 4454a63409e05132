/**
 * The parts of the services' answers the console shows, as their OpenAPI documents describe them. The console
 * reads them as given; the services own their shape.
 */

export interface Supplier {
  organisation: string;
  name: string;
}

export interface RegisterEntry {
  contractId: string;
  title: string;
  organisation: string;
  stage: string;
  route: string | null;
  supplier: Supplier | null;
  valuePence: number | null;
  startDate: string | null;
  endDate: string | null;
  activatedOn: string | null;
  lastEventAt: string;
}

export interface RegisterPage {
  items: RegisterEntry[];
  total: number;
  limit: number;
  offset: number;
}

export interface DueItem {
  contractId: string;
  itemId: string;
  kind: 'return' | 'review' | 'plan-milestone';
  description: string;
  dueOn: string;
  overdue: boolean;
  overdueOn: string | null;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface KpiRatingEntry {
  assessmentId: string;
  periodId: string;
  periodEnd: string;
  kpi: string;
  value: number;
  rating: string;
  assessedOn: string;
  standsOn: string;
  commented: boolean;
}

export interface RiskRatingEntry {
  changeId: string;
  from: string;
  to: string;
  asOf: string;
  reasons: { rule: string; rating: string; description: string }[];
  intensity: string;
}

export interface ContractScorecard {
  contractId: string;
  title: string;
  organisation: string;
  provider: Supplier;
  riskRating: string;
  kpiRatings: KpiRatingEntry[];
  riskHistory: RiskRatingEntry[];
  concerns: { concernId: string; receivedOn: string; category: string; severity: string; handling: string; status: string; finding: string | null }[];
  plans: { planId: string; trigger: string; approach: string; openedOn: string; outcome: string | null; closedOn: string | null }[];
}

export interface StoredEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamVersion: number;
  data: Record<string, unknown>;
  metadata: { actor: { id: string; role: string; organisation: string }; reason?: string; occurredAt: string; recordedAt: string };
}

export interface EventPage {
  events: StoredEvent[];
  nextCursor?: string;
}

export interface Kpi {
  name: string;
  unit?: string;
  target?: number;
  rag?: { direction: string; green: number; amber: number };
}

export interface ContractState {
  status: 'none' | 'open';
  contractId?: string;
  title?: string;
  organisation?: string;
  stage?: string;
  specification?: { kpis?: Kpi[] };
  award?: { supplier: Supplier; valuePence?: number };
  issued?: { startDate?: string; endDate?: string; valuePence?: number };
  terminationTerms?: { grounds: { ground: string; description?: string; notice: { length: number; unit: string } }[] };
  management?: {
    activatedOn: string;
    endDate: string;
    valuePence: number;
    risk: { rating: string; since: string };
    assessments: { assessmentId: string; periodId: string; kpi: string; value: number; rating: string; assessedOn: string; commentClosesOn: string; commentedOn?: string }[];
    concerns: Record<string, { concernId: string; receivedOn: string; severity: string; category: string; handling: string; status: string; finding?: string }>;
    plans: { planId: string; sequence: number; trigger: { kind: string }; approach: string; outcome?: string; closedOn?: string }[];
    termination: { requested?: { ground: string; requestedOn: string }; supplyImpactReview?: { reviewedOn: string }; notice?: { ground: string; noticeGivenOn: string; effectiveDate: string } };
    ended?: { how: string; lastDay: string };
  };
}

export interface ContractView {
  contractId: string;
  version: number;
  state: ContractState;
  clock?: string;
}

export interface Progress {
  stage: string;
  nextSteps: { who: string; what: string; by?: string; from?: string }[];
  nextDeadline?: { at: string; what: string };
}

export interface Monitoring {
  asOf: string;
  returns: { periodId: string; startDate: string; endDate: string; submittableFrom: string; dueDate: string; status: string; submittedOn?: string; late?: boolean }[];
  reviews: { reviewId: string; kind: string; date: string; dueFrom: string; status: string; heldOn?: string }[];
  risk: { rating: string; since: string; assessment: { rating: string; reasons: { rule: string; rating?: string; description?: string }[] } };
}

export interface PlanView {
  planId: string;
  state: {
    status?: string;
    contractId?: string;
    problem?: string;
    actions?: Record<string, { actionId: string; description: string; dueDate: string; status: string; owner?: { party: string; name: string } }>;
  };
}
