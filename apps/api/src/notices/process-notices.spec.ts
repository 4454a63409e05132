import { openTenderToActive } from '../ocds/__fixtures__/processes';
import { processNotices } from './process-notices';

describe('a process’s notices, from its stored events', () => {
  const stored = openTenderToActive().stored();
  const notices = processNotices(stored);

  it('given a covered open tender to a contract in force, then its tender, contract award and contract details notices, each published', () => {
    expect(notices.map((notice) => [notice.noticeId, notice.noticeType, notice.name, notice.status])).toEqual([
      ['t1-UK4-1', 'UK4', 'Tender notice', 'published'],
      ['t1-UK6-1', 'UK6', 'Contract award notice', 'published'],
      ['c-UK7-1', 'UK7', 'Contract details notice', 'published'],
    ]);
  });

  it('then each says which stream it is on, who approved it, when the platform published it, and which release publishes it', () => {
    const [uk4, uk6, uk7] = notices;
    expect(uk4).toMatchObject({ tenderId: expect.stringMatching(/\.1$/), approvedBy: { role: 'commissioner' }, platformNoticeId: 'FTS-t1-UK4-1' });
    expect(uk6).toMatchObject({ approvedBy: { role: 'commissioner' }, publishedAt: '2027-01-05T11:00:00.000Z' });
    expect(uk7).not.toHaveProperty('tenderId');
    expect(uk7).toMatchObject({ approvedBy: { role: 'contract-manager' }, dueBy: expect.any(String) });
    for (const notice of notices) {
      expect(stored.find((event) => event.eventId === notice.releaseId)?.type).toBe('NoticePublished');
    }
  });

  it('then the same events in any order give the same notices', () => {
    expect(processNotices([...stored].reverse())).toEqual(notices);
  });
});
