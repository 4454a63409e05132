import {
  abnormallyLowBids,
  checkScore,
  EvaluationCriteria,
  meatRanking,
  parseEvaluationCriteria,
  type EvaluatedBid,
  type ModeratedScore,
} from './evaluation.policy';
import { defaultProcurementPolicy as policy, parseProcurementPolicy } from './procurement-policy.schema';
import { refusal } from '../testing';


const pounds = (amount: number) => amount * 100;

const published: EvaluationCriteria = {
  criteria: [
    { id: 'price', name: 'Price', kind: 'price', weight: 40 },
    { id: 'quality', name: 'Quality of care', kind: 'quality', weight: 50 },
    { id: 'social', name: 'Social value', kind: 'social-value', weight: 10 },
  ],
};

const bid = (bidId: string, price: number, extra: Partial<EvaluatedBid> = {}): EvaluatedBid => ({
  bidId,
  pricePence: pounds(price),
  compliant: true,
  ...extra,
});
const scores = (bidId: string, quality: number, social: number): ModeratedScore[] => [
  { bidId, criterionId: 'quality', score: quality, rationale: 'moderated' },
  { bidId, criterionId: 'social', score: social },
];

describe('evaluation criteria', () => {
  it('given weights summing to 100, then the criteria are accepted', () => {
    expect(parseEvaluationCriteria(published)).toEqual(published);
  });

  it('given weights summing to 90, then zod refuses them naming the rule on the path criteria', () => {
    const result = EvaluationCriteria.safeParse({
      criteria: [
        { id: 'price', name: 'Price', kind: 'price', weight: 40 },
        { id: 'quality', name: 'Quality', kind: 'quality', weight: 50 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['criteria'],
        message: expect.stringContaining('criteria.weights-must-sum-to-100'),
      }),
    ]);
  });

  it('given weights summing to 110, then they are refused as a DomainError naming the rule', () => {
    const over = { criteria: [...published.criteria, { id: 'extra', name: 'Extra', kind: 'other' as const, weight: 10 }] };
    expect(refusal(() => parseEvaluationCriteria(over)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'criteria.weights-must-sum-to-100',
      field: 'criteria',
    });
  });

  it('given two criteria with the same id, then they are refused', () => {
    const duplicate = {
      criteria: [
        { id: 'quality', name: 'Quality', kind: 'quality', weight: 50 },
        { id: 'quality', name: 'Quality again', kind: 'quality', weight: 50 },
      ],
    };
    expect(refusal(() => parseEvaluationCriteria(duplicate)).code).toBe('criteria.ids-must-be-unique');
  });

  it('given two price criteria, then they are refused', () => {
    const twoPrices = {
      criteria: [
        { id: 'p1', name: 'Price', kind: 'price', weight: 50 },
        { id: 'p2', name: 'Price again', kind: 'price', weight: 50 },
      ],
    };
    expect(refusal(() => parseEvaluationCriteria(twoPrices)).code).toBe('criteria.at-most-one-price-criterion');
  });

  it('given a fractional or zero weight, then it is refused', () => {
    const fractional = { criteria: [{ id: 'q', name: 'Q', kind: 'quality', weight: 99.5 }, { id: 'p', name: 'P', kind: 'price', weight: 0.5 }] };
    expect(refusal(() => parseEvaluationCriteria(fractional)).toJSON()).toMatchObject({ code: 'criteria.invalid', field: 'criteria.0.weight' });
  });
});

describe('evaluation: the score scale', () => {
  it('given the ends of the default 0–10 scale, then they are accepted', () => {
    expect(checkScore(0, policy)).toBe(0);
    expect(checkScore(10, policy)).toBe(10);
  });

  it.each([-1, 11, 10.5, 7.5, Number.NaN])('given %p on a 0–10 scale of whole marks, then it is refused', (score) => {
    expect(refusal(() => checkScore(score, policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'evaluation.score-out-of-scale',
      field: 'score',
    });
  });

  it('given a deployment scoring 1–5 in half marks, then 3.5 is accepted and 0 refused', () => {
    const halves = parseProcurementPolicy({ evaluation: { scoreScale: { min: 1, max: 5, step: 0.5 } } });
    expect(checkScore(3.5, halves)).toBe(3.5);
    expect(refusal(() => checkScore(0, halves)).code).toBe('evaluation.score-out-of-scale');
  });
});

describe('evaluation: MEAT ranking', () => {
  const bids = [bid('A', 90_000), bid('B', 100_000), bid('C', 120_000), bid('D', 50_000, { compliant: false })];
  const moderated = [...scores('A', 6, 5), ...scores('B', 8, 7), ...scores('C', 9, 9)];

  it('given three compliant bids, then they are ranked by weighted total with a per-criterion breakdown', () => {
    const ranking = meatRanking(bids, published, moderated, policy);
    expect(ranking.map(({ bidId, rank, total }) => ({ bidId, rank, total }))).toEqual([
      { bidId: 'C', rank: 1, total: 84 },
      { bidId: 'B', rank: 2, total: 83 },
      { bidId: 'A', rank: 3, total: 75 },
    ]);
    expect(ranking[0]).toEqual({
      rank: 1,
      bidId: 'C',
      pricePence: pounds(120_000),
      total: 84,
      breakdown: [
        { criterionId: 'price', name: 'Price', kind: 'price', weight: 40, score: 7.5, derived: true, weighted: 30 },
        { criterionId: 'quality', name: 'Quality of care', kind: 'quality', weight: 50, score: 9, derived: false, weighted: 45 },
        { criterionId: 'social', name: 'Social value', kind: 'social-value', weight: 10, score: 9, derived: false, weighted: 9 },
      ],
      tiedOnTotalWith: [],
      tieBrokenBy: null,
    });
  });

  it('given the cheapest compliant bid, then it gets full price marks; a non-compliant cheaper bid is neither ranked nor the benchmark', () => {
    const ranking = meatRanking(bids, published, moderated, policy);
    expect(ranking.find((entry) => entry.bidId === 'A')?.breakdown[0]).toMatchObject({ score: 10, weighted: 40 });
    expect(ranking.map((entry) => entry.bidId)).not.toContain('D');
  });

  it('given a price score with a recurring fraction, then each weighted score is rounded and the total is their sum', () => {
    const ranking = meatRanking([bid('low', 100_000), bid('high', 300_000)], published, [...scores('low', 0, 0), ...scores('high', 7, 3)], policy);
    const high = ranking.find((entry) => entry.bidId === 'high');
    expect(high?.breakdown.map((line) => line.weighted)).toEqual([13.33, 35, 3]);
    expect(high?.breakdown[0]?.score).toBe(3.33);
    expect(high?.total).toBe(51.33);
  });

  it('given equal totals, then the bid with the higher quality score wins and the tie is shown', () => {
    const halfAndHalf: EvaluationCriteria = {
      criteria: [
        { id: 'price', name: 'Price', kind: 'price', weight: 50 },
        { id: 'quality', name: 'Quality', kind: 'quality', weight: 50 },
      ],
    };
    const quality = (bidId: string, score: number): ModeratedScore => ({ bidId, criterionId: 'quality', score });
    // X: price 50 + quality 40 = 90. Y: price 40 + quality 50 = 90.
    const ranking = meatRanking([bid('X', 100_000), bid('Y', 125_000)], halfAndHalf, [quality('X', 8), quality('Y', 10)], policy);
    expect(ranking.map(({ bidId, total, tiedOnTotalWith, tieBrokenBy }) => ({ bidId, total, tiedOnTotalWith, tieBrokenBy }))).toEqual([
      { bidId: 'Y', total: 90, tiedOnTotalWith: ['X'], tieBrokenBy: 'higher-quality' },
      { bidId: 'X', total: 90, tiedOnTotalWith: ['Y'], tieBrokenBy: 'higher-quality' },
    ]);

    const priceFirst = parseProcurementPolicy({ evaluation: { tieBreakers: ['lower-price'] } });
    expect(meatRanking([bid('X', 100_000), bid('Y', 125_000)], halfAndHalf, [quality('X', 8), quality('Y', 10)], priceFirst)[0]).toMatchObject({
      bidId: 'X',
      tieBrokenBy: 'lower-price',
    });
  });

  it('given equal totals, quality and price, then the earlier submission wins', () => {
    const ranking = meatRanking(
      [
        bid('late-ish', 100_000, { submittedAt: '2026-11-20T12:00:00.000Z' }),
        bid('early', 100_000, { submittedAt: '2026-11-20T13:00:00.000+02:00' }),
      ],
      published,
      [...scores('late-ish', 7, 7), ...scores('early', 7, 7)],
      policy,
    );
    expect(ranking.map(({ bidId, tieBrokenBy }) => ({ bidId, tieBrokenBy }))).toEqual([
      { bidId: 'early', tieBrokenBy: 'earlier-submission' },
      { bidId: 'late-ish', tieBrokenBy: 'earlier-submission' },
    ]);
  });

  it('given bids identical in every tie-breaker, then the bid id decides, whatever order they came in', () => {
    const three = [bid('b-2', 100_000), bid('b-3', 100_000), bid('b-1', 100_000)];
    const same = [...scores('b-1', 7, 7), ...scores('b-2', 7, 7), ...scores('b-3', 7, 7)];
    const forwards = meatRanking(three, published, same, policy);
    const backwards = meatRanking([...three].reverse(), published, [...same].reverse(), policy);
    expect(forwards.map((entry) => entry.bidId)).toEqual(['b-1', 'b-2', 'b-3']);
    expect(backwards).toEqual(forwards);
    expect(forwards[1]).toMatchObject({ rank: 2, tiedOnTotalWith: ['b-1', 'b-3'], tieBrokenBy: 'bid-id' });
  });

  it('given quality-only criteria, then no price score is derived', () => {
    const qualityOnly: EvaluationCriteria = { criteria: [{ id: 'quality', name: 'Quality', kind: 'quality', weight: 100 }] };
    const ranking = meatRanking([bid('A', 1), bid('B', 2)], qualityOnly, [
      { bidId: 'A', criterionId: 'quality', score: 6 },
      { bidId: 'B', criterionId: 'quality', score: 7 },
    ], policy);
    expect(ranking.map(({ bidId, total }) => ({ bidId, total }))).toEqual([
      { bidId: 'B', total: 70 },
      { bidId: 'A', total: 60 },
    ]);
  });

  it('given no compliant bids, then the ranking is empty', () => {
    expect(meatRanking([bid('D', 50_000, { compliant: false })], published, [], policy)).toEqual([]);
  });

  it('given a score against a criterion that was not published, then it is refused', () => {
    const extra = [...moderated, { bidId: 'A', criterionId: 'presentation', score: 9 }];
    expect(refusal(() => meatRanking(bids, published, extra, policy)).toJSON()).toMatchObject({
      kind: 'conflict',
      code: 'evaluation.criterion-not-published',
      field: 'moderatedScores.6.criterionId',
    });
  });

  it('given a moderated score for price, then it is refused: price is scored by formula', () => {
    const priced = [...moderated, { bidId: 'A', criterionId: 'price', score: 10 }];
    expect(refusal(() => meatRanking(bids, published, priced, policy)).code).toBe('evaluation.price-score-is-derived');
  });

  it('given a moderated score outside the scale, then it is refused', () => {
    const outside = [...scores('A', 11, 5), ...scores('B', 8, 7), ...scores('C', 9, 9)];
    expect(refusal(() => meatRanking(bids, published, outside, policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'evaluation.score-out-of-scale',
    });
  });

  it('given a compliant bid without a moderated score for a criterion, then it is refused', () => {
    const missing = [...scores('A', 6, 5), ...scores('B', 8, 7), { bidId: 'C', criterionId: 'quality', score: 9 }];
    expect(refusal(() => meatRanking(bids, published, missing, policy)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'evaluation.score-missing',
    });
  });

  it('given two moderated scores for the same bid and criterion, then it is refused', () => {
    expect(refusal(() => meatRanking(bids, published, [...moderated, ...scores('A', 6, 5)], policy)).code).toBe(
      'evaluation.duplicate-score',
    );
  });

  it('given a score for a bid that does not exist, then it is refused', () => {
    expect(refusal(() => meatRanking(bids, published, [...moderated, ...scores('Z', 6, 5)], policy)).code).toBe('evaluation.unknown-bid');
  });

  it('given the same bid twice, then it is refused', () => {
    expect(refusal(() => meatRanking([...bids, bid('A', 90_000)], published, moderated, policy)).code).toBe('evaluation.duplicate-bid');
  });

  it('given criteria whose weights do not sum to 100, then no ranking is computed', () => {
    const unbalanced = { criteria: published.criteria.map((criterion) => ({ ...criterion, weight: 30 })) };
    expect(refusal(() => meatRanking(bids, unbalanced, moderated, policy)).code).toBe('criteria.weights-must-sum-to-100');
  });
});

describe('evaluation: abnormally low tenders', () => {
  it('given the median of compliant bids as basis, then a price one penny below 80% needs an explanation and exactly 80% does not', () => {
    // Sorted compliant prices: 79,999.99 | 80,000 | 100,000 | 100,000 | 120,000 → median £100,000, threshold £80,000.
    const bids = [
      bid('at-boundary', 80_000),
      bid('median', 100_000),
      bid('median-too', 100_000),
      bid('dear', 120_000),
      { ...bid('penny-below', 0), pricePence: pounds(80_000) - 1 },
      bid('not-compliant', 10_000, { compliant: false }),
    ];
    expect(abnormallyLowBids(bids, undefined, policy)).toEqual([
      {
        bidId: 'penny-below',
        pricePence: pounds(80_000) - 1,
        basis: 'median-of-compliant-bids',
        basisPence: pounds(100_000),
        thresholdPence: pounds(80_000),
        ratio: 0.8,
      },
    ]);
  });

  it('given an even number of compliant bids, then the median is the mean of the middle two', () => {
    // 84,000 | 100,000 | 110,000 | 200,000 → median 105,000 → threshold 84,000: exactly at it, so not low.
    const bids = [bid('a', 84_000), bid('b', 100_000), bid('c', 110_000), bid('d', 200_000)];
    expect(abnormallyLowBids(bids, undefined, policy)).toEqual([]);
    const lower = [{ ...bid('a', 0), pricePence: pounds(84_000) - 1 }, ...bids.slice(1)];
    expect(abnormallyLowBids(lower, undefined, policy).map((low) => low.bidId)).toEqual(['a']);
  });

  it('given the estimate as basis, then prices are compared with 80% of the estimate', () => {
    const onEstimate = parseProcurementPolicy({ abnormallyLow: { basis: 'estimate' } });
    const bids = [bid('at', 80_000), { ...bid('below', 0), pricePence: pounds(80_000) - 1 }, bid('above', 95_000)];
    expect(abnormallyLowBids(bids, pounds(100_000), onEstimate)).toEqual([
      expect.objectContaining({ bidId: 'below', basis: 'estimate', basisPence: pounds(100_000), thresholdPence: pounds(80_000) }),
    ]);
  });

  it('given a ratio whose product floating point gets wrong, then the boundary is still exact', () => {
    // 0.07 × 100 is 7.000000000000001 in floating point; a price of exactly 7 pence is AT the threshold, not below it.
    const sevenPercent = parseProcurementPolicy({ abnormallyLow: { basis: 'estimate', ratio: 0.07 } });
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(abnormallyLowBids([{ bidId: 'seven', pricePence: 7, compliant: true }], 100, sevenPercent)).toEqual([]);
    expect(abnormallyLowBids([{ bidId: 'six', pricePence: 6, compliant: true }], 100, sevenPercent)).toHaveLength(1);
  });

  it('given the estimate as basis and no estimate, then it is refused', () => {
    const onEstimate = parseProcurementPolicy({ abnormallyLow: { basis: 'estimate' } });
    expect(refusal(() => abnormallyLowBids([bid('a', 1)], undefined, onEstimate)).toJSON()).toMatchObject({
      kind: 'invalid',
      code: 'evaluation.estimate-required',
      field: 'estimatePence',
    });
  });

  it('given no compliant bids, then none needs an explanation', () => {
    expect(abnormallyLowBids([bid('late', 1, { compliant: false })], undefined, policy)).toEqual([]);
  });
});
