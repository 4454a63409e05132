import { z } from 'zod';
import { conflict, invalid } from '../shared/errors';
import { parseOrRefuse } from './parse';
import {
  type AbnormallyLowBasis,
  Money,
  PositiveMoney,
  type ProcurementPolicy,
  type TieBreaker,
} from './procurement-policy.schema';

// ---- Criteria ---------------------------------------------------------------------------------------------------

export const CriterionKind = z.enum(['price', 'quality', 'social-value', 'other']);
export type CriterionKind = z.infer<typeof CriterionKind>;

export const EvaluationCriterion = z.object({
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(300),
  kind: CriterionKind,
  /** A whole percentage: weights are published as whole numbers and their sum is checked exactly. */
  weight: z.number().int().min(1).max(100),
  description: z.string().trim().max(4000).optional(),
});
export type EvaluationCriterion = z.infer<typeof EvaluationCriterion>;

const rule = (code: string, explanation: string) => ({ error: `${code}: ${explanation}`, path: ['criteria'], params: { code } });

/**
 * The published evaluation criteria and weights. Refusals (each names its rule in the message and in
 * `params.code`, on the path `criteria`):
 * - `criteria.weights-must-sum-to-100`;
 * - `criteria.ids-must-be-unique`;
 * - `criteria.at-most-one-price-criterion` (the price score is derived by one formula).
 */
export const EvaluationCriteria = z
  .object({ criteria: z.array(EvaluationCriterion).min(1).max(50) })
  .refine(
    ({ criteria }) => new Set(criteria.map((criterion) => criterion.id)).size === criteria.length,
    rule('criteria.ids-must-be-unique', 'each criterion needs its own id'),
  )
  .refine(
    ({ criteria }) => criteria.filter((criterion) => criterion.kind === 'price').length <= 1,
    rule('criteria.at-most-one-price-criterion', 'price is one criterion, scored by one formula'),
  )
  .refine(
    ({ criteria }) => criteria.reduce((sum, criterion) => sum + criterion.weight, 0) === 100,
    rule('criteria.weights-must-sum-to-100', 'the weights of the published criteria must add up to exactly 100'),
  );
export type EvaluationCriteria = z.infer<typeof EvaluationCriteria>;

/** Parses criteria, refusing them as a DomainError (kind 'invalid') whose code is the rule broken. */
export const parseEvaluationCriteria = (input: unknown): EvaluationCriteria =>
  parseOrRefuse(EvaluationCriteria, input, 'criteria.invalid');

// ---- Scores -----------------------------------------------------------------------------------------------------

/**
 * Refusal `evaluation.score-out-of-scale` (invalid) for a score below the scale's minimum, above its maximum, or
 * between its steps (7.5 on a scale of whole marks).
 */
export const checkScore = (score: number, policy: ProcurementPolicy): number => {
  const { min, max, step } = policy.evaluation.scoreScale;
  const steps = (score - min) / step;
  const onAStep = Math.abs(steps - Math.round(steps)) < 1e-9;
  if (!Number.isFinite(score) || score < min || score > max || !onAStep) {
    throw invalid(
      'evaluation.score-out-of-scale',
      `A score must be between ${min} and ${max} in steps of ${step}, not ${score}`,
      'score',
    );
  }
  return score;
};

export const EvaluatedBid = z.object({
  bidId: z.string().trim().min(1).max(200),
  /** The bid price evaluated (whole-life, including VAT, as the tender documents define it), in pence. */
  pricePence: PositiveMoney,
  /** Only compliant bids are ranked or tested for abnormally low prices; a late bid is never compliant. */
  compliant: z.boolean(),
  /** Used by the `earlier-submission` tie-breaker. */
  submittedAt: z.iso.datetime({ offset: true }).optional(),
});
export type EvaluatedBid = z.infer<typeof EvaluatedBid>;

export const ModeratedScore = z.object({
  bidId: z.string().trim().min(1).max(200),
  criterionId: z.string().trim().min(1).max(100),
  score: z.number(),
  rationale: z.string().trim().max(4000).optional(),
});
export type ModeratedScore = z.infer<typeof ModeratedScore>;

// ---- MEAT ranking -----------------------------------------------------------------------------------------------

export interface CriterionResult {
  criterionId: string;
  name: string;
  kind: CriterionKind;
  weight: number;
  /** The moderated score, or for price the derived score, on the policy's scale (rounded for display). */
  score: number;
  /** True for the price score, which is computed, not moderated. */
  derived: boolean;
  /** weight × score / max, rounded to the policy's decimal places. */
  weighted: number;
}

export interface RankedBid {
  rank: number;
  bidId: string;
  pricePence: Money;
  /** The sum of the rounded weighted scores, out of 100. */
  total: number;
  breakdown: CriterionResult[];
  /** Other bids with exactly the same total. */
  tiedOnTotalWith: string[];
  /** For a tied bid: the rule that placed it against its neighbour in the tie (`bid-id` is the last resort). */
  tieBrokenBy: TieBreaker | 'bid-id' | null;
}

/** round(numerator / denominator), halves away from zero, exactly, for non-negative bigints. */
const divideRounded = (numerator: bigint, denominator: bigint): bigint => (2n * numerator + denominator) / (2n * denominator);

interface Scored {
  bid: EvaluatedBid;
  /** Weighted scores in units of 10^-decimalPlaces points: integers, so totals compare exactly. */
  units: { criterion: EvaluationCriterion; score: number; weightedUnits: number }[];
  totalUnits: number;
  qualityUnits: number;
}

const submissionTime = (entry: Scored): number =>
  entry.bid.submittedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(entry.bid.submittedAt);

const compareBy = (rule: TieBreaker | 'bid-id', a: Scored, b: Scored): number => {
  switch (rule) {
    case 'higher-quality':
      return b.qualityUnits - a.qualityUnits;
    case 'lower-price':
      return a.bid.pricePence - b.bid.pricePence;
    case 'earlier-submission':
      // A bid without a submission time sorts after those with one, so the order stays total.
      return submissionTime(a) - submissionTime(b) || 0;
    case 'bid-id':
      return a.bid.bidId < b.bid.bidId ? -1 : a.bid.bidId > b.bid.bidId ? 1 : 0;
  }
};

/**
 * Ranks the compliant bids by the most economically advantageous tender: the weighted total of their scores
 * against the PUBLISHED criteria only.
 *
 * - Non-price criteria use the moderated scores. Weighted score = weight × score / scale maximum.
 * - The price score is derived by the standard formula: lowest compliant price / this bid's price × scale maximum,
 *   so the cheapest bid gets full marks and a bid twice as dear half. Its weighted score is therefore
 *   weight × lowest / price, computed exactly in integers.
 * - Each weighted score is rounded (halves up) to `evaluation.decimalPlaces`; the total is their sum, so the
 *   breakdown a bidder is sent adds up to its total, and equal totals are genuinely equal.
 * - Ties on the total are broken by `evaluation.tieBreakers` in order (higher quality = higher sum of the non-price
 *   weighted scores; lower price; earlier submission), then by bid id, so the ranking is always deterministic.
 *   `tiedOnTotalWith` and `tieBrokenBy` make a tie visible to the people who must explain it.
 *
 * Refusals: the criteria's own (`criteria.*`), `evaluation.unknown-bid`, `evaluation.criterion-not-published` and
 * `evaluation.price-score-is-derived` (conflict), `evaluation.score-out-of-scale`, `evaluation.duplicate-score`,
 * `evaluation.score-missing` (invalid).
 */
export const meatRanking = (
  bids: readonly EvaluatedBid[],
  criteria: EvaluationCriteria,
  moderatedScores: readonly ModeratedScore[],
  policy: ProcurementPolicy,
): RankedBid[] => {
  const published = parseEvaluationCriteria(criteria).criteria;
  const allBids = parseOrRefuse(z.array(EvaluatedBid), bids, 'evaluation.invalid-bid');
  const scores = parseOrRefuse(z.array(ModeratedScore), moderatedScores, 'evaluation.invalid-score');
  const { max } = policy.evaluation.scoreScale;
  const decimalPlaces = policy.evaluation.decimalPlaces;
  const scale = 10 ** decimalPlaces;

  const byCriterion = new Map(published.map((criterion) => [criterion.id, criterion]));
  const bidIds = new Set(allBids.map((bid) => bid.bidId));
  if (bidIds.size !== allBids.length) throw invalid('evaluation.duplicate-bid', 'Each bid must appear once', 'bids');

  const moderated = new Map<string, number>();
  for (const [index, entry] of scores.entries()) {
    if (!bidIds.has(entry.bidId)) {
      throw invalid('evaluation.unknown-bid', `A score names the unknown bid ${entry.bidId}`, `moderatedScores.${index}.bidId`);
    }
    const criterion = byCriterion.get(entry.criterionId);
    if (!criterion) {
      throw conflict(
        'evaluation.criterion-not-published',
        `Bids are scored only against the published criteria; ${entry.criterionId} is not one of them`,
        `moderatedScores.${index}.criterionId`,
      );
    }
    if (criterion.kind === 'price') {
      throw conflict(
        'evaluation.price-score-is-derived',
        `The price criterion ${criterion.id} is scored by formula, not by evaluators`,
        `moderatedScores.${index}.criterionId`,
      );
    }
    checkScore(entry.score, policy);
    const key = `${entry.bidId}\u0000${entry.criterionId}`;
    if (moderated.has(key)) {
      throw invalid(
        'evaluation.duplicate-score',
        `Bid ${entry.bidId} has more than one moderated score for ${entry.criterionId}`,
        `moderatedScores.${index}`,
      );
    }
    moderated.set(key, entry.score);
  }

  const compliant = allBids.filter((bid) => bid.compliant);
  if (compliant.length === 0) return [];
  const lowest = compliant.reduce((low, bid) => Math.min(low, bid.pricePence), Number.POSITIVE_INFINITY);

  const scored: Scored[] = compliant.map((bid) => {
    const units = published.map((criterion) => {
      if (criterion.kind === 'price') {
        const weightedUnits = Number(divideRounded(BigInt(criterion.weight) * BigInt(lowest) * BigInt(scale), BigInt(bid.pricePence)));
        const scoreUnits = divideRounded(BigInt(lowest) * BigInt(Math.round(max * scale)), BigInt(bid.pricePence));
        return { criterion, score: Number(scoreUnits) / scale, weightedUnits };
      }
      const score = moderated.get(`${bid.bidId}\u0000${criterion.id}`);
      if (score === undefined) {
        throw invalid('evaluation.score-missing', `Bid ${bid.bidId} has no moderated score for ${criterion.id}`, 'moderatedScores');
      }
      return { criterion, score, weightedUnits: Math.round((criterion.weight * score * scale) / max) };
    });
    const totalUnits = units.reduce((sum, unit) => sum + unit.weightedUnits, 0);
    const qualityUnits = units.reduce((sum, unit) => sum + (unit.criterion.kind === 'price' ? 0 : unit.weightedUnits), 0);
    return { bid, units, totalUnits, qualityUnits };
  });

  const rules: (TieBreaker | 'bid-id')[] = [...policy.evaluation.tieBreakers, 'bid-id'];
  const decidingRule = (a: Scored, b: Scored): TieBreaker | 'bid-id' =>
    rules.find((candidate) => compareBy(candidate, a, b) !== 0) ?? 'bid-id';
  const ordered = [...scored].sort((a, b) => {
    if (a.totalUnits !== b.totalUnits) return b.totalUnits - a.totalUnits;
    return compareBy(decidingRule(a, b), a, b);
  });

  return ordered.map((entry, index) => {
    const tied = ordered.filter((other) => other !== entry && other.totalUnits === entry.totalUnits);
    const previous = ordered[index - 1];
    const next = ordered[index + 1];
    const neighbour = previous?.totalUnits === entry.totalUnits ? previous : next?.totalUnits === entry.totalUnits ? next : undefined;
    return {
      rank: index + 1,
      bidId: entry.bid.bidId,
      pricePence: entry.bid.pricePence,
      total: entry.totalUnits / scale,
      breakdown: entry.units.map(({ criterion, score, weightedUnits }) => ({
        criterionId: criterion.id,
        name: criterion.name,
        kind: criterion.kind,
        weight: criterion.weight,
        score,
        derived: criterion.kind === 'price',
        weighted: weightedUnits / scale,
      })),
      tiedOnTotalWith: tied.map((other) => other.bid.bidId),
      tieBrokenBy: neighbour ? decidingRule(entry, neighbour) : null,
    };
  });
};

// ---- Abnormally low tenders -------------------------------------------------------------------------------------

export interface AbnormallyLowBid {
  bidId: string;
  pricePence: Money;
  basis: AbnormallyLowBasis;
  /** The median (which may end in half a penny) or the estimate. */
  basisPence: number;
  /** ratio × basis: a price strictly below it needs an explanation. */
  thresholdPence: number;
  ratio: number;
}

/**
 * The compliant bids whose price is strictly below `abnormallyLow.ratio` × the basis: the median of the compliant
 * bids' prices (the bid itself included; the mean of the middle two for an even count) or the authority's estimate.
 * Each must be asked to explain its price before it may be rejected. A price exactly at the threshold is not
 * abnormally low. The comparison is exact: ratio to six decimal places, prices and the median as integers.
 * Refusal: `evaluation.estimate-required` (invalid) when the basis is the estimate and none is given.
 */
export const abnormallyLowBids = (
  bids: readonly EvaluatedBid[],
  estimatePence: Money | undefined,
  policy: ProcurementPolicy,
): AbnormallyLowBid[] => {
  const compliant = parseOrRefuse(z.array(EvaluatedBid), bids, 'evaluation.invalid-bid').filter((bid) => bid.compliant);
  const { ratio, basis } = policy.abnormallyLow;
  const ratioMillionths = BigInt(Math.round(ratio * 1_000_000));

  // The basis as a fraction basisTwice / 2, so a median between two prices stays exact.
  let basisTwice: bigint;
  if (basis === 'estimate') {
    if (estimatePence === undefined) {
      throw invalid('evaluation.estimate-required', 'The abnormally-low rule compares with the estimate, and none was given', 'estimatePence');
    }
    basisTwice = 2n * BigInt(parseOrRefuse(Money, estimatePence, 'evaluation.invalid-estimate'));
  } else {
    if (compliant.length === 0) return [];
    const prices = compliant.map((bid) => bid.pricePence).sort((a, b) => a - b);
    const middle = Math.floor(prices.length / 2);
    const upper = BigInt(prices[middle] ?? 0);
    basisTwice = prices.length % 2 === 1 ? 2n * upper : BigInt(prices[middle - 1] ?? 0) + upper;
  }

  const basisPence = Number(basisTwice) / 2;
  // price < ratio × basis  ⇔  price × 2 × 10^6 < ratioMillionths × basisTwice
  return compliant
    .filter((bid) => BigInt(bid.pricePence) * 2_000_000n < ratioMillionths * basisTwice)
    .map((bid) => ({
      bidId: bid.bidId,
      pricePence: bid.pricePence,
      basis,
      basisPence,
      thresholdPence: (Number(ratioMillionths) * basisPence) / 1_000_000,
      ratio,
    }));
};
