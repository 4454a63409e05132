import { ProblemException } from '@cls/http';
import { PageCursors, queryFingerprint } from './page-cursors';

const cursors = new PageCursors(Buffer.alloc(32, 7));
const query = queryFingerprint({ view: 'timeline', processId: 'p-1', order: 'desc' });

const refusal = (fn: () => unknown): ProblemException => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('page cursors', () => {
  it('reads back the position of a cursor it issued for the same query', () => {
    expect(cursors.read(cursors.issue(query, '1234'), query)).toBe('1234');
  });

  it.each([
    ['with its position changed', (cursor: string) => {
      const [payload, signature] = cursor.split('.');
      const altered = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('1234', '9999')).toString('base64url');
      return `${altered}.${signature}`;
    }],
    ['with its signature changed', (cursor: string) => `${cursor.slice(0, -2)}AA`],
    ['cut short', (cursor: string) => cursor.split('.')[0]!],
    ['that is not base64', () => 'not a cursor'],
    ['signed with another key', () => new PageCursors(Buffer.alloc(32, 8)).issue(query, '1234')],
  ])('refuses a cursor %s with a 400 naming the cursor', (_, tamper) => {
    const problem = refusal(() => cursors.read(tamper(cursors.issue(query, '1234')), query));
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('refuses a cursor issued for another query', () => {
    const other = queryFingerprint({ view: 'timeline', processId: 'p-2', order: 'desc' });
    expect(refusal(() => cursors.read(cursors.issue(other, '1234'), query)).message).toMatch(/another query/);
  });
});
