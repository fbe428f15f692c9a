import { expect } from 'chai';
import type { SessionRepository } from '@tessera/core';
import { clockPasses } from '../../../support/clock-passes';
import { describeOnDrivers, exampleFixture, type OpenDatabase } from '../support/database-drivers';
import { heartbeat, newSession } from '../support/sample-records';

const ADMIN_ID = 'f38dea23-50fa-42a0-b5ae-338f5f4693f4';
const USER_ID = 'dfa9da54-4b28-432f-be29-c0d680c7a412';
const DEFAULT_PROJECT = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
const RESEARCH_PROJECT = '5a3a1f04-8b0e-4c7c-9a59-2f7d3c1e6b10';
const USER_KEY = 'AKIAEXAMPLEUSERKEY01';
const EXAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';

describeOnDrivers('database: the admin listing of sessions', (harness) => {
  let db: OpenDatabase;
  let sessions: SessionRepository;
  const ids: Record<string, string> = {};

  /** Five sessions created one after the other (a1 oldest): two of the admin, two of the user, one in another domain. */
  beforeEach(async () => {
    db = await harness.open();
    sessions = db.database.sessions;
    await db.database.fixtures.populate(exampleFixture());
    const specs = [
      newSession('a1', [{ cpu: '1' }], { userId: ADMIN_ID }),
      newSession('a2', [{ cpu: '1' }, { cpu: '1' }], { userId: ADMIN_ID, tag: 'nightly' }),
      newSession('u1', [{ cpu: '1' }], { userId: USER_ID, accessKey: USER_KEY, groupName: 'research' }),
      newSession('u2', [{ cpu: '1' }], { userId: USER_ID, accessKey: USER_KEY }),
      newSession('x1', [{ cpu: '1' }], { userId: 'not-a-uuid', domainName: 'lab', groupName: 'default' }),
    ];
    for (const spec of specs) {
      const created = await sessions.create(spec);
      ids[spec.name] = spec.id;
      await clockPasses(created.createdAt);
    }
    await sessions.setSessionStatus(ids['a1']!, 'RUNNING', { at: new Date() });
    await sessions.setSessionStatus(ids['u2']!, 'TERMINATED', {
      at: new Date(),
      statusInfo: 'user-requested',
    });
  });
  afterEach(() => db.database.close());

  const names = (page: { items: Array<{ name: string }> }) => page.items.map((s) => s.name);
  const nameOf = (id: string | undefined) => Object.keys(ids).find((name) => ids[name] === id)!;

  it('answers newest first by default, one page at a time, with the count of every match', async () => {
    const first = await sessions.list({ limit: 2, offset: 0 });
    expect(first.totalCount).to.equal(5);
    expect(names(first)).to.deep.equal(['x1', 'u2']);
    expect(names(await sessions.list({ limit: 2, offset: 2 }))).to.deep.equal(['u1', 'a2']);
    const last = await sessions.list({ limit: 2, offset: 4 });
    expect(names(last)).to.deep.equal(['a1']);
    expect(last.totalCount).to.equal(5);
    const beyond = await sessions.list({ limit: 2, offset: 10 });
    expect(beyond).to.deep.equal({ totalCount: 5, items: [] });
  });

  it('filters by access key, domain, project id and statuses, all at once', async () => {
    expect(names(await sessions.list({ accessKey: USER_KEY, limit: 10, offset: 0 }))).to.deep.equal([
      'u2',
      'u1',
    ]);
    expect(names(await sessions.list({ domainName: 'lab', limit: 10, offset: 0 }))).to.deep.equal(['x1']);
    const research = await sessions.list({ groupId: RESEARCH_PROJECT, limit: 10, offset: 0 });
    expect(names(research)).to.deep.equal(['u1']);
    // The default project of domain "default", not the session of domain "lab" whose project is also named default.
    const defaults = await sessions.list({ groupId: DEFAULT_PROJECT, limit: 10, offset: 0 });
    expect(names(defaults)).to.deep.equal(['u2', 'a2', 'a1']);
    const live = await sessions.list({ statuses: ['PENDING', 'RUNNING'], limit: 10, offset: 0 });
    expect(live.totalCount).to.equal(4);
    expect(names(live)).to.deep.equal(['x1', 'u1', 'a2', 'a1']);
    const combined = await sessions.list({
      accessKey: USER_KEY,
      groupId: DEFAULT_PROJECT,
      statuses: ['TERMINATED'],
      limit: 10,
      offset: 0,
    });
    expect(names(combined)).to.deep.equal(['u2']);
    expect(await sessions.list({ statuses: [], limit: 10, offset: 0 })).to.deep.equal({
      totalCount: 0,
      items: [],
    });
    expect((await sessions.list({ groupId: 'not-a-uuid', limit: 10, offset: 0 })).totalCount).to.equal(0);
    expect(
      (await sessions.list({ groupId: '00000000-0000-4000-8000-000000000000', limit: 10, offset: 0 }))
        .totalCount,
    ).to.equal(0);
    expect(
      (await sessions.list({ domainName: 'lab', accessKey: USER_KEY, limit: 10, offset: 0 })).totalCount,
    ).to.equal(0);
  });

  it('looks sessions up by id or by one of their kernels, ignoring ids that are not UUIDs', async () => {
    const byIds = await sessions.list({
      ids: [ids['a1']!, ids['u1']!.toUpperCase(), 'nope'],
      limit: 10,
      offset: 0,
    });
    expect(names(byIds)).to.deep.equal(['u1', 'a1']);
    expect((await sessions.list({ ids: ['nope'], limit: 10, offset: 0 })).totalCount).to.equal(0);
    const a2 = (await sessions.get(ids['a2']!))!;
    const sub = a2.kernels.find((k) => k.clusterRole === 'sub')!;
    expect(names(await sessions.list({ kernelId: sub.id, limit: 10, offset: 0 }))).to.deep.equal(['a2']);
    const other = await sessions.list({ kernelId: sub.id, accessKey: USER_KEY, limit: 10, offset: 0 });
    expect(other.totalCount).to.equal(0);
    expect(
      (await sessions.list({ kernelId: '00000000-0000-4000-8000-000000000000', limit: 1, offset: 0 })).items,
    ).to.deep.equal([]);
  });

  it('orders by the key asked for, either way, ties by id and nulls last ascending', async () => {
    const byName = await sessions.list({ orderBy: 'name', ascending: true, limit: 10, offset: 0 });
    expect(names(byName)).to.deep.equal(['a1', 'a2', 'u1', 'u2', 'x1']);
    const byNameDown = await sessions.list({ orderBy: 'name', ascending: false, limit: 10, offset: 0 });
    expect(names(byNameDown)).to.deep.equal(['x1', 'u2', 'u1', 'a2', 'a1']);
    // Only u2 has ended; the others' null terminatedAt sorts as the largest value either way.
    const ended = await sessions.list({ orderBy: 'terminatedAt', ascending: true, limit: 10, offset: 0 });
    expect(names(ended)).to.deep.equal([
      'u2',
      ...[ids['a1'], ids['a2'], ids['u1'], ids['x1']].sort().map(nameOf),
    ]);
    const endedDown = await sessions.list({
      orderBy: 'terminatedAt',
      ascending: false,
      limit: 10,
      offset: 0,
    });
    expect(names(endedDown)).to.deep.equal(names(ended).reverse());
    const tagged = await sessions.list({ orderBy: 'tag', ascending: true, limit: 1, offset: 0 });
    expect(names(tagged)).to.deep.equal(['a2']);
    const byStatus = await sessions.list({ orderBy: 'status', ascending: true, limit: 10, offset: 0 });
    expect(byStatus.items.map((s) => s.status)).to.deep.equal([
      'PENDING',
      'PENDING',
      'PENDING',
      'RUNNING',
      'TERMINATED',
    ]);
    const pendingIds = byStatus.items.slice(0, 3).map((s) => s.id);
    expect(pendingIds).to.deep.equal([...pendingIds].sort());
  });

  it("joins the owner's e-mail, the project id and the kernels' own timestamps", async () => {
    const page = await sessions.list({ orderBy: 'name', ascending: true, limit: 10, offset: 0 });
    const byName = new Map(page.items.map((s) => [s.name, s] as const));
    expect(byName.get('a1')).to.deep.include({ userEmail: 'admin@lablup.com', groupId: DEFAULT_PROJECT });
    expect(byName.get('u1')).to.deep.include({ userEmail: 'user@lablup.com', groupId: RESEARCH_PROJECT });
    expect(byName.get('x1')).to.deep.include({ userEmail: null, groupId: null });

    const a1 = byName.get('a1')!;
    expect(a1.status).to.equal('RUNNING');
    expect(a1.statusChanged.getTime()).to.equal(new Date(a1.statusHistory['RUNNING']!).getTime());
    const a2 = byName.get('a2')!;
    expect(a2.kernels.map((k) => k.clusterHostname)).to.deep.equal(['main1', 'sub1']);
    expect(a2.kernels[0]!.createdAt.getTime()).to.equal(a2.createdAt.getTime());
    expect(a2.kernels[0]!.terminatedAt).to.equal(null);
    expect(a2.kernels[0]!.lastStat).to.equal(null);
    const u2 = byName.get('u2')!;
    expect(u2.terminatedAt).to.be.instanceOf(Date);

    // The listing and `get` agree on everything the record carries.
    const read = (await sessions.get(a2.id))!;
    expect(a2).to.deep.include({ ...read, kernels: a2.kernels });
    expect(a2.kernels.map((k) => k.id)).to.deep.equal(read.kernels.map((k) => k.id));
    read.kernels.forEach((kernel, index) => expect(a2.kernels[index]).to.deep.include(kernel));
  });

  describe("the user API's read of one session (findOwnedListed)", () => {
    /** What the listing answers for one id of one owner. */
    const listedOne = async (accessKey: string, id: string) =>
      (await sessions.list({ ids: [id], accessKey, limit: 1, offset: 0 })).items[0] ?? null;

    it('answers exactly what the listing answers, by name and by id, on every session', async () => {
      // Give the sessions what the read must carry over: placement, stats, dependencies, timestamps.
      await db.database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '8' }), new Date());
      const a2 = (await sessions.get(ids['a2']!))!;
      const placed = await sessions.commitAllocation(
        a2.id,
        a2.kernels.map((kernel) => ({ kernelId: kernel.id, agentId: 'agent-a', slots: { cpu: '1' } })),
        new Date(),
      );
      expect(placed.ok).to.equal(true);
      await sessions.setKernelStatus(a2.kernels[1]!.id, 'RUNNING', {
        at: new Date(),
        kernelHost: '10.0.0.7',
      });
      const stat = { cpu_used: { current: '12', capacity: null, unit_hint: 'msec' } };
      expect(await sessions.recordLastStats('agent-a', { [a2.kernels[1]!.id]: stat })).to.equal(1);
      const dependent = newSession('dep', [{ cpu: '1' }], {
        dependencies: [ids['a1']!, ids['u2']!],
        bootstrapScript: 'echo hi',
        callbackUrl: 'http://127.0.0.1:9/hook',
        startsAt: new Date('2030-01-01T00:00:00Z'),
        designatedAgents: ['i-agent-1'],
      });
      await sessions.create(dependent);
      ids['dep'] = dependent.id;
      const owners: Record<string, string> = { u1: USER_KEY, u2: USER_KEY };
      for (const name of Object.keys(ids)) {
        const accessKey = owners[name] ?? EXAMPLE_KEY;
        const expected = await listedOne(accessKey, ids[name]!);
        expect(expected, name).to.not.equal(null);
        expect(await sessions.findOwnedListed(accessKey, ids[name]!), `${name} by id`).to.deep.equal(
          expected,
        );
        // A terminated session is found by id only.
        const byName = await sessions.findOwnedListed(accessKey, name);
        if (name === 'u2') expect(byName, 'u2 by name').to.equal(null);
        else expect(byName, `${name} by name`).to.deep.equal(expected);
        // Upper-case ids are the same ids.
        expect(await sessions.findOwnedListed(accessKey, ids[name]!.toUpperCase())).to.deep.equal(expected);
      }
      const dep = (await sessions.findOwnedListed(EXAMPLE_KEY, 'dep'))!;
      expect(dep.dependencies).to.deep.equal([ids['a1']!, ids['u2']!].sort());
      expect(dep).to.deep.include({ bootstrapScript: 'echo hi', designatedAgents: ['i-agent-1'] });
      expect(dep.startsAt!.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
      const placedA2 = (await sessions.findOwnedListed(EXAMPLE_KEY, 'a2'))!;
      expect(placedA2.kernels.map((k) => [k.agentId, k.kernelHost, k.lastStat])).to.deep.equal([
        ['agent-a', null, null],
        ['agent-a', '10.0.0.7', stat],
      ]);
    });

    it("prefers the owner's live session of that name, newest first, over a session with that id", async () => {
      // A live session named after another session's id: the name wins, as the API resolves names first.
      const named = newSession(ids['a1']!, [{ cpu: '1' }]);
      await clockPasses(new Date());
      await sessions.create(named);
      expect((await sessions.findOwnedListed(EXAMPLE_KEY, ids['a1']!))!.id).to.equal(named.id);
      const again = newSession('a2', [{ cpu: '1' }]);
      await sessions.create(again);
      expect((await sessions.findOwnedListed(EXAMPLE_KEY, 'a2'))!.id).to.equal(again.id);
    });

    it("never answers another owner's session, an unknown name or a malformed id", async () => {
      expect(await sessions.findOwnedListed(USER_KEY, ids['a1']!)).to.equal(null);
      expect(await sessions.findOwnedListed(USER_KEY, 'a1')).to.equal(null);
      expect(await sessions.findOwnedListed(EXAMPLE_KEY, 'nobody')).to.equal(null);
      expect(await sessions.findOwnedListed(EXAMPLE_KEY, "x' or '1'='1")).to.equal(null);
      expect(await sessions.findOwnedListed(EXAMPLE_KEY, '00000000-0000-4000-8000-000000000000')).to.equal(
        null,
      );
    });
  });
});
