/**
 * The part of the OCDS 1.1 release schema (schema/release-schema.json) this export produces, typed so the mapper
 * cannot publish a field or a closed code the schema does not have. Optional fields are left out rather than null;
 * null appears only where a later release must clear what an earlier one said (merging drops a field set to null).
 */

/** releaseTag.csv (closed). */
export type ReleaseTag =
  | 'planning'
  | 'planningUpdate'
  | 'tender'
  | 'tenderAmendment'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardUpdate'
  | 'awardCancellation'
  | 'contract'
  | 'contractUpdate'
  | 'contractAmendment'
  | 'implementation'
  | 'implementationUpdate'
  | 'contractTermination';

/** tenderStatus.csv, method.csv, procurementCategory.csv, awardStatus.csv, contractStatus.csv (closed). */
export type TenderStatus = 'planning' | 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete' | 'withdrawn';
export type ProcurementMethod = 'open' | 'selective' | 'limited' | 'direct';
export type ProcurementCategory = 'goods' | 'works' | 'services';
export type AwardStatus = 'pending' | 'active' | 'cancelled' | 'unsuccessful';
export type ContractStatus = 'pending' | 'active' | 'cancelled' | 'terminated';

/** The codes used from open codelists (partyRole, awardCriteria, documentType, milestoneType). */
export type PartyRole = 'buyer' | 'procuringEntity' | 'tenderer' | 'supplier';
export type AwardCriteria = 'priceOnly' | 'qualityOnly' | 'ratedCriteria';
export type DocumentType =
  | 'clarifications'
  | 'cancellationDetails'
  | 'physicalProgressReport'
  | 'plannedProcurementNotice'
  | 'tenderNotice'
  | 'awardNotice'
  | 'contractNotice';
export type MilestoneType = 'delivery' | 'reporting' | 'assessment';

export interface Value {
  amount: number;
  currency: 'GBP';
}

export interface Period {
  startDate?: string | null;
  endDate?: string | null;
}

/** `id` is the organisation id the service knows the party by (the tenancy key of its staff's tokens). */
export interface OrganizationReference {
  id: string;
  name?: string;
}

export interface Organization extends OrganizationReference {
  roles: PartyRole[];
}

export interface Document {
  id: string;
  documentType: DocumentType;
  /**
   * The Procurement Act 2023 notice a document is, as Find a Tender marks it in its own OCDS releases (`UK4`,
   * `UK6` …): a field outside the core schema, which leaves documents open to it.
   */
  noticeType?: string;
  title: string;
  description?: string;
  datePublished: string;
}

export interface Milestone {
  id: string;
  title: string;
  type: MilestoneType;
  status: 'scheduled' | 'met' | 'notMet' | 'partiallyMet';
  dueDate?: string;
  dateMet?: string;
}

export interface Planning {
  rationale?: string;
  documents?: Document[];
}

export interface Tender {
  id: string;
  title?: string;
  description?: string;
  status?: TenderStatus;
  procuringEntity?: OrganizationReference;
  value?: Value;
  procurementMethod?: ProcurementMethod;
  procurementMethodDetails?: string | null;
  procurementMethodRationale?: string | null;
  mainProcurementCategory?: ProcurementCategory;
  awardCriteria?: AwardCriteria;
  awardCriteriaDetails?: string;
  tenderPeriod?: Period;
  enquiryPeriod?: Period;
  awardPeriod?: Period;
  hasEnquiries?: boolean | null;
  numberOfTenderers?: number | null;
  documents?: Document[];
}

export interface Award {
  id: string;
  description?: string;
  status?: AwardStatus;
  date?: string;
  value?: Value;
  suppliers?: OrganizationReference[];
  documents?: Document[];
}

export interface Contract {
  id: string;
  /** Required by the schema on every contract object, so every release that touches a contract repeats it. */
  awardID: string;
  description?: string;
  status?: ContractStatus;
  period?: Period;
  value?: Value;
  dateSigned?: string;
  implementation?: Implementation;
  amendments?: Amendment[];
  documents?: Document[];
}

/** How the contract is being delivered: its milestones met or missed, and the reports on its performance. */
export interface Implementation {
  milestones?: Milestone[];
  documents?: Document[];
}

/** A change to the contract after signature: a variation or an extension option exercised. */
export interface Amendment {
  id: string;
  date: string;
  rationale?: string;
  description?: string;
}

/** What one event contributes to a release: the sections it changes, nothing else. */
export interface ReleaseSections {
  parties?: Organization[];
  buyer?: OrganizationReference;
  planning?: Planning;
  tender?: Tender;
  awards?: Award[];
  contracts?: Contract[];
}

export interface Release extends ReleaseSections {
  ocid: string;
  id: string;
  date: string;
  tag: ReleaseTag[];
  initiationType: 'tender';
  language: 'en';
}

export interface CompiledRelease extends Omit<Release, 'tag'> {
  tag: ['compiled'];
}

export interface Publisher {
  name: string;
  uri?: string;
}

interface PackageMetadata {
  uri: string;
  version: '1.1';
  publisher: Publisher;
  publishedDate: string;
  license?: string;
}

export interface ReleasePackage extends PackageMetadata {
  releases: Release[];
}

export interface OcdsRecord {
  ocid: string;
  releases: Release[];
  compiledRelease: CompiledRelease;
}

export interface RecordPackage extends PackageMetadata {
  packages: string[];
  records: [OcdsRecord];
}
