import { expect } from 'chai';
import { TesseraError, type Database, type KeypairRecord, type SessionRecord } from '@tessera/core';
import { AccessPolicy } from '@tessera/manager';
import {
  EVENTS_ACCESS,
  EventRing,
  SessionSnapshots,
  encodeSseComment,
  encodeSseMessage,
  entriesOf,
  parseSessionStreamQuery,
  sessionEventData,
  sessionSeer,
  streamWants,
  type SessionSnapshot,
  type SessionStreamFilter,
} from '@tessera/manager-events';

const SESSION: SessionSnapshot = {
  id: '0f3e5b7c-0000-4000-8000-000000000001',
  name: 'train',
  accessKey: 'AKIAALICE',
  userId: 'alice-uuid',
  domainName: 'default',
  groupName: 'research',
  result: 'UNDEFINED',
  kernels: [
    { id: 'k-main', clusterRole: 'main', clusterIdx: 1 },
    { id: 'k-sub', clusterRole: 'sub', clusterIdx: 1 },
  ],
};

const USER: KeypairRecord = {
  accessKey: 'AKIAALICE',
  secretKey: 'secret',
  userId: 'alice-uuid',
  userEmail: 'alice@lablup.com',
  userRole: 'user',
  domainName: 'default',
  isActive: true,
  isAdmin: false,
  rateLimit: 0,
  resourcePolicy: 'default',
};
const ACCESS = new AccessPolicy([EVENTS_ACCESS]);

function filter(overrides: Partial<SessionStreamFilter> = {}): SessionStreamFilter {
  return {
    sees: sessionSeer(ACCESS, USER),
    sessionId: null,
    sessionName: '*',
    nameOwner: 'AKIAALICE',
    ownerAccessKey: null,
    group: '*',
    scope: '*',
    ...overrides,
  };
}

function refusal(run: () => unknown): TesseraError {
  try {
    run();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('manager-events: SSE framing', () => {
  it('writes id, event and one data line per line, CRLF-terminated, with a blank line after', () => {
    expect(encodeSseMessage({ id: 'a.1', event: 'session_started', data: '{"x":1}' })).to.equal(
      'id: a.1\r\nevent: session_started\r\ndata: {"x":1}\r\n\r\n',
    );
    expect(encodeSseMessage({ event: 'e', data: 'one\ntwo' })).to.equal(
      'event: e\r\ndata: one\r\ndata: two\r\n\r\n',
    );
  });

  it('keeps ids, names and comments on one line', () => {
    expect(encodeSseMessage({ id: 'a\r\nevent: x', event: 'e', data: '{}' })).to.match(/^id: a event: x\r\n/);
    expect(encodeSseComment('ping')).to.equal(': ping\r\n\r\n');
    expect(encodeSseComment('a\nb')).to.equal(': a b\r\n\r\n');
  });
});

describe('manager-events: event ring', () => {
  it('answers what came after a number, and says when some of it is gone', () => {
    const ring = new EventRing<string>(3);
    for (const item of ['a', 'b', 'c', 'd']) ring.push(item);
    expect(ring.since(2)).to.deep.equal({
      items: [
        { seq: 3, item: 'c' },
        { seq: 4, item: 'd' },
      ],
      complete: true,
    });
    expect(ring.since(4)).to.deep.equal({ items: [], complete: true });
    // 1 is gone (the ring holds 2..4): everything held is returned, marked incomplete.
    expect(ring.since(0).complete).to.equal(false);
    expect(ring.since(0).items.map(({ item }) => item)).to.deep.equal(['b', 'c', 'd']);
    // A number never handed out is not resumable.
    expect(ring.since(9)).to.deep.equal({ items: [], complete: false });
  });
});

describe('manager-events: GET /events/session query', () => {
  it('reads the names the clients send, with upstream defaults', () => {
    expect(parseSessionStreamQuery({})).to.deep.equal({
      sessionId: null,
      sessionName: '*',
      ownerAccessKey: null,
      group: '*',
      scope: '*',
    });
    expect(
      parseSessionStreamQuery({
        name: 'train',
        owner_access_key: 'AKIABOB',
        groupName: 'research',
        scope: 'kernel',
      }),
    ).to.deep.equal({
      sessionId: null,
      sessionName: 'train',
      ownerAccessKey: 'AKIABOB',
      group: 'research',
      scope: 'kernel',
    });
  });

  it('takes a UUID sessionId as an id and any other as a name (older clients)', () => {
    expect(parseSessionStreamQuery({ sessionId: '0F3E5B7C00004000800000000000000A' }).sessionId).to.equal(
      '0f3e5b7c-0000-4000-8000-00000000000a',
    );
    expect(parseSessionStreamQuery({ sessionId: 'train' })).to.include({
      sessionId: null,
      sessionName: 'train',
    });
    expect(parseSessionStreamQuery({ sessionId: '*' })).to.include({ sessionId: null, sessionName: '*' });
  });

  it('refuses a bad scope, an empty value and a repeated key, naming the parameter', () => {
    expect(refusal(() => parseSessionStreamQuery({ scope: 'all' })).message).to.contain('scope');
    expect(refusal(() => parseSessionStreamQuery({ group: '' })).message).to.contain('group');
    expect(refusal(() => parseSessionStreamQuery({ sessionName: ['a', 'b'] })).message).to.contain(
      'sessionName',
    );
  });
});

describe('manager-events: who sees which session event', () => {
  it('shows users their own sessions, admins their domain, superadmins everything', () => {
    const bobs = { ...SESSION, userId: 'bob-uuid', accessKey: 'AKIABOB' };
    const otherDomain = { ...SESSION, domainName: 'lab' };
    expect(streamWants(filter(), 'session_started', SESSION)).to.equal(true);
    expect(streamWants(filter(), 'session_started', bobs)).to.equal(false);
    expect(streamWants(filter(), 'session_started', otherDomain)).to.equal(false);
    const admin = filter({ sees: sessionSeer(ACCESS, { ...USER, userId: 'admin-uuid', userRole: 'admin' }) });
    expect(streamWants(admin, 'session_started', bobs)).to.equal(true);
    expect(streamWants(admin, 'session_started', otherDomain)).to.equal(false);
    const superadmin = filter({
      sees: sessionSeer(ACCESS, { ...USER, userId: 'root', userRole: 'superadmin', domainName: 'x' }),
    });
    expect(streamWants(superadmin, 'session_started', otherDomain)).to.equal(true);
    const monitor = filter({
      sees: sessionSeer(ACCESS, { ...USER, userId: 'watcher', userRole: 'monitor', domainName: 'x' }),
    });
    expect(streamWants(monitor, 'session_started', otherDomain)).to.equal(true);
    expect(streamWants(monitor, 'session_started', bobs)).to.equal(true);
  });

  it('filters by id, by name of the owner, by owner, by project and by scope', () => {
    expect(streamWants(filter({ sessionId: SESSION.id }), 'session_started', SESSION)).to.equal(true);
    expect(streamWants(filter({ sessionId: 'another' }), 'session_started', SESSION)).to.equal(false);
    expect(streamWants(filter({ sessionName: 'train' }), 'session_started', SESSION)).to.equal(true);
    expect(
      streamWants(filter({ sessionName: 'train', nameOwner: 'AKIABOB' }), 'session_started', SESSION),
    ).to.equal(false);
    expect(streamWants(filter({ ownerAccessKey: 'AKIABOB' }), 'session_started', SESSION)).to.equal(false);
    expect(streamWants(filter({ group: 'research' }), 'session_started', SESSION)).to.equal(true);
    expect(streamWants(filter({ group: 'default' }), 'session_started', SESSION)).to.equal(false);
    expect(streamWants(filter({ scope: 'kernel' }), 'session_started', SESSION)).to.equal(false);
    expect(streamWants(filter({ scope: 'kernel' }), 'kernel_started', SESSION)).to.equal(true);
    expect(streamWants(filter({ scope: 'session' }), 'kernel_started', SESSION)).to.equal(false);
  });
});

describe('manager-events: session event data', () => {
  const envelope = (name: string, payload: Record<string, unknown>) =>
    ({ name, source: 'agent-1', payload }) as never;

  it("fills upstream's fields from the session, with the kernel's role for kernel events", () => {
    const [started] = entriesOf(envelope('session_started', { sessionId: SESSION.id }));
    expect(sessionEventData(started!, SESSION)).to.deep.equal({
      reason: '',
      sessionName: 'train',
      ownerAccessKey: 'AKIAALICE',
      sessionId: SESSION.id,
      exitCode: null,
      kernelId: 'k-main',
    });
    const [terminated] = entriesOf(
      envelope('kernel_terminated', {
        sessionId: SESSION.id,
        kernelId: 'k-sub',
        reason: 'user-requested',
        exitCode: 3,
      }),
    );
    expect(sessionEventData(terminated!, SESSION)).to.deep.include({
      reason: 'user-requested',
      exitCode: 3,
      kernelId: 'k-sub',
      clusterRole: 'sub',
      clusterIdx: 1,
    });
  });

  it('adds the result to the events that end a session', () => {
    const ended = { ...SESSION, result: 'SUCCESS' as const };
    const [terminated] = entriesOf(envelope('session_terminated', { sessionId: SESSION.id, reason: 'done' }));
    expect(sessionEventData(terminated!, ended)).to.include({ result: 'SUCCESS', reason: 'done' });
    const [failure] = entriesOf(
      envelope('session_failure', { sessionId: SESSION.id, exitCode: 1, reason: 'x' }),
    );
    expect(sessionEventData(failure!, SESSION)).to.include({ result: 'FAILURE', exitCode: 1 });
  });

  it("derives session_pulling and session_creating from the main kernel's events only", () => {
    const fromMain = entriesOf(envelope('kernel_creating', { sessionId: SESSION.id, kernelId: 'k-main' }));
    expect(fromMain.map((entry) => entry.event)).to.deep.equal(['kernel_creating', 'session_creating']);
    expect(sessionEventData(fromMain[1]!, SESSION)).to.include({ kernelId: 'k-main' });
    const fromSub = entriesOf(
      envelope('kernel_pulling', { sessionId: SESSION.id, kernelId: 'k-sub', image: 'x' }),
    );
    expect(fromSub.map((entry) => entry.event)).to.deep.equal(['kernel_pulling', 'session_pulling']);
    expect(sessionEventData(fromSub[1]!, SESSION)).to.equal(null);
    const started = entriesOf(
      envelope('kernel_started', { sessionId: SESSION.id, info: { kernelId: 'k-sub' } }),
    );
    expect(started.map((entry) => entry.kernelId)).to.deep.equal(['k-sub']);
  });
});

describe('manager-events: session snapshots', () => {
  const record = {
    ...SESSION,
    kernels: SESSION.kernels.map((kernel) => ({ ...kernel })),
  } as unknown as SessionRecord;

  function countingDb() {
    const reads: string[] = [];
    const db = {
      sessions: {
        get: async (id: string) => {
          reads.push(id);
          return id === SESSION.id ? record : null;
        },
      },
    } as unknown as Database;
    return { db, reads };
  }

  it('reads a session once for many events, again when asked fresh, stale or for an unknown kernel', async () => {
    let now = 0;
    const { db, reads } = countingDb();
    const snapshots = new SessionSnapshots(db, { capacity: 10, ttlMs: 1000, now: () => now });
    await Promise.all([snapshots.get(SESSION.id), snapshots.get(SESSION.id), snapshots.get(SESSION.id)]);
    expect(reads).to.have.length(1);
    await snapshots.get(SESSION.id, { kernelId: 'k-sub' });
    expect(reads).to.have.length(1);
    await snapshots.get(SESSION.id, { kernelId: 'k-new' });
    expect(reads).to.have.length(2);
    await snapshots.get(SESSION.id, { fresh: true });
    expect(reads).to.have.length(3);
    now = 2000;
    await snapshots.get(SESSION.id);
    expect(reads).to.have.length(4);
  });

  it('keeps at most its capacity, and does not cache a missing session', async () => {
    const { db, reads } = countingDb();
    const snapshots = new SessionSnapshots(db, { capacity: 2, ttlMs: 60_000 });
    expect(await snapshots.get('gone')).to.equal(null);
    expect(await snapshots.get('gone')).to.equal(null);
    expect(reads).to.deep.equal(['gone', 'gone']);
    await snapshots.get(SESSION.id);
    for (const id of ['a', 'b', 'c']) await snapshots.get(id);
    expect(snapshots.size).to.be.at.most(2);
  });
});
