import type { Actor } from '../shared/envelope.schema';
import { DomainError } from '../shared/errors';
import { conflictedWith, type OpenTender, type TenderState } from './tender.state';

const notFound = () => new DomainError('not-found', 'tender.not-found', 'No such tender');

/** Buyer-side roles that read the whole tender of their own organisation. */
const buyerReaders = new Set<Actor['role']>(['commissioner', 'contract-manager', 'lead-professional', 'budget-holder', 'finance', 'governance']);

/**
 * What a person may see of a tender. The buying organisation's staff see it all; an evaluator sees the bids only
 * once they have declared their interests, and then not those of the bidders a conflict is with (and only if they
 * are on the panel); a supplier sees the public
 * notice, the answers to clarifications (without who asked), and its own bid and explanation case, never another
 * supplier's. Anyone else is told the tender does not exist, exactly as if it did not.
 */
export const tenderVisibleTo = (actor: Actor, state: TenderState): OpenTender => {
  if (state.status !== 'open') throw notFound();
  if (actor.role === 'provider') {
    const own = (organisation: string) => organisation === actor.organisation;
    const ownBids = Object.fromEntries(Object.entries(state.bids).filter(([, bid]) => own(bid.supplier.organisation)));
    return {
      ...state,
      interested: Object.fromEntries(Object.entries(state.interested).filter(([organisation]) => own(organisation))),
      assessments: Object.fromEntries(Object.entries(state.assessments).filter(([organisation]) => own(organisation))),
      clarifications: state.clarifications
        .filter((entry) => entry.answered || own(entry.askedBy))
        .map((entry) => ({ ...entry, askedBy: own(entry.askedBy) ? entry.askedBy : 'another supplier' })),
      bids: ownBids,
      panel: [],
      declarations: {},
      individualScores: {},
      moderatedScores: {},
      abnormallyLow: Object.fromEntries(Object.entries(state.abnormallyLow).filter(([bidId]) => bidId in ownBids)),
      ...(state.shortlist ? { shortlist: state.shortlist.filter(own) } : {}),
    };
  }
  if (actor.organisation !== state.organisation) throw notFound();
  if (actor.role === 'evaluator') {
    if (!state.panel.includes(actor.id)) throw notFound();
    const declaration = state.declarations[actor.id];
    if (declaration?.conflicted === false) return state;
    // Undeclared, an evaluator sees no bid; conflicted, none of the bidders the conflict is with.
    const seen = Object.fromEntries(
      Object.entries(state.bids).filter(([, bid]) => declaration !== undefined && !conflictedWith(declaration, bid.supplier.organisation)),
    );
    const ofSeen = <T>(byKey: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(byKey).filter(([key]) => (key.split('|')[0] ?? '') in seen));
    return { ...state, bids: seen, individualScores: ofSeen(state.individualScores), moderatedScores: ofSeen(state.moderatedScores), abnormallyLow: ofSeen(state.abnormallyLow) };
  }
  if (buyerReaders.has(actor.role)) return state;
  throw notFound();
};
