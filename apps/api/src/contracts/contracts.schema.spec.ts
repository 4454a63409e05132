import { ReviewParamsDto } from './contracts.schema';

describe('path ids of a contract\'s records', () => {
  const contractId = '598e35d4-e5a4-4b25-89a1-1a7f118029af';

  it('takes an id the contract gave', () => {
    expect(ReviewParamsDto.schema.safeParse({ contractId, reviewId: 'review-3' }).success).toBe(true);
  });

  // Fuzzing found a 201-character id of the right shape passing the path and failing the command's parse: a 500.
  it('refuses an id longer than the domain allows, naming the parameter', () => {
    const reviewId = `${'a'.repeat(200)}-1`;
    const parsed = ReviewParamsDto.schema.safeParse({ contractId, reviewId });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([['reviewId', 'too_big']]);
  });
});
