import { EventKind, type EventAudience } from '../../../src/modules/events/event-kinds';
import { EventStore } from '../../../src/modules/events/event.store';
import { emitEvents } from '../../../src/modules/events/outbox';
import { SubscriptionReads } from '../../../src/modules/events/subscription.reads';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The subscriptions of one process share a read of the outbox when they ask the same question.
 * "The same" must mean every rule of the audience: two audiences that differ in a single one
 * (here the kinds of case they read, as education and police differ) must never share an answer.
 */
describe('shared outbox reads of subscriptions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await emitEvents(client, [
        { kind: EventKind.CASE_OPENED, childId: 'CREADS000001', caseId: '1', caseKind: 'REGISTRATION', areaCode: '500109100200' },
        { kind: EventKind.CASE_OPENED, childId: 'CREADS000002', caseId: '2', caseKind: 'DROPOUT_FOLLOW_UP', areaCode: '500109100200' },
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  afterAll(() => db?.close());

  it('gives two audiences that differ only in the case kinds they read each its own answer, even when asked at once', async () => {
    const reads = new SubscriptionReads(new EventStore(db.pool));
    const base: Omit<EventAudience, 'caseKinds'> = { kinds: [EventKind.CASE_OPENED], flags: [], source: '-', area: '500109' };
    // Asked in the same tick, at the same place in the outbox, for the same notification.
    const [registrations, dropouts] = await Promise.all([
      reads.page({ ...base, caseKinds: ['REGISTRATION'] }, '0', 100, 1),
      reads.page({ ...base, caseKinds: ['DROPOUT_FOLLOW_UP'] }, '0', 100, 1),
    ]);
    expect(registrations.map((e) => e.childId)).toEqual(['CREADS000001']);
    expect(dropouts.map((e) => e.childId)).toEqual(['CREADS000002']);
  });
});
