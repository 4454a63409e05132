import { migrate } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

describe('migrate', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('lets processes that start together migrate one after another instead of failing on the lock', async () => {
    await expect(Promise.all(Array.from({ length: 6 }, () => migrate(db.url)))).resolves.toHaveLength(6);
    const { rows } = await db.pool.query<{ count: string }>('SELECT count(*) FROM schema_migrations');
    expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(2);
  });
});
