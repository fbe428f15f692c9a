/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import type {
  Database,
  KernelPlacement,
  KeypairRecord,
  NewSession,
  SessionRecord,
} from '../../contracts/database';
import type { AgentInfo } from '../../events/catalogue';

export interface DatabaseUnderTest {
  /**
   * An open database. It may hold other rows (a database the suite's tests share): every test
   * uses agents, resource groups, owners and sessions of its own.
   */
  database: Database;
  /**
   * A keypair the database holds, as `findByAccessKey` must answer it. The implementation loads
   * it (fixture documents are in each implementation's own format).
   */
  keypair: KeypairRecord;
  close(): Promise<void>;
}

const GIB = 1024 ** 3;

/** A time with whole seconds, which every engine stores exactly. */
function now(offset = 0): Date {
  return new Date((Math.floor(Date.now() / 1000) + offset) * 1000);
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** The amount of a slot, missing counting as zero. */
function amount(slots: Record<string, string>, slot: string): string {
  return new Decimal(slots[slot] ?? 0).toFixed();
}

/** Names of one test's own agents, resource group and owner. */
interface Scope {
  resourceGroup: string;
  accessKey: string;
  agent(label: string): string;
}

function freshScope(): Scope {
  const tag = hex(6);
  return {
    resourceGroup: `conformance-${tag}`,
    accessKey: `AKCF${hex(8).toUpperCase()}`,
    agent: (label) => `conformance-${tag}-${label}`,
  };
}

function heartbeat(
  scope: Scope,
  agentId: string,
  slots: Record<string, string>,
  version = '1.0.0',
): AgentInfo {
  return {
    agentId,
    address: `inproc://${agentId}`,
    region: 'local',
    resourceGroup: scope.resourceGroup,
    architecture: 'x86_64',
    version,
    availableSlots: slots,
    slotTypes: { cpu: 'count', mem: 'bytes' },
    images: [],
    computePlugins: { cpu: { version: '1' } },
  };
}

/** A session of `scope`'s owner with one kernel per entry of `kernelSlots`. */
function newSession(scope: Scope, name: string, kernelSlots: Array<Record<string, string>>): NewSession {
  return {
    id: randomUUID(),
    name,
    type: 'interactive',
    image: 'cr.backend.ai/stable/python:3.11-ubuntu22.04',
    architecture: 'x86_64',
    resourceGroup: scope.resourceGroup,
    domainName: 'default',
    groupName: 'default',
    accessKey: scope.accessKey,
    userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    clusterMode: kernelSlots.length > 1 ? 'multi-node' : 'single-node',
    clusterSize: kernelSlots.length,
    priority: 0,
    tag: null,
    environ: { LANG: 'C.UTF-8' },
    startupCommand: null,
    requestedSlots: kernelSlots[0] ?? {},
    kernels: kernelSlots.map((slots, index) => ({
      id: randomUUID(),
      clusterRole: index === 0 ? 'main' : 'sub',
      clusterIdx: index === 0 ? 1 : index,
      clusterHostname: index === 0 ? 'main1' : `sub${index}`,
      localRank: index,
      image: 'cr.backend.ai/stable/python:3.11-ubuntu22.04',
      architecture: 'x86_64',
      requestedSlots: slots,
    })),
  };
}

function placeAll(session: SessionRecord, agentId: string): KernelPlacement[] {
  return session.kernels.map((kernel) => ({ kernelId: kernel.id, agentId, slots: kernel.requestedSlots }));
}

/**
 * The database/v1 conformance suite: what every repository promises the manager (sessions and
 * kernels stored and read back, status transitions, keypair lookup, agent heartbeats, and
 * allocation commits that never over-commit an agent). Images, resource policies, resource
 * groups, the admin listing, schema commands and fixtures are left to each driver's own tests.
 */
export function describeDatabaseConformance(name: string, create: () => Promise<DatabaseUnderTest>): void {
  describe(`database/v1 conformance: ${name}`, () => {
    let subject: DatabaseUnderTest;
    let database: Database;
    let scope: Scope;
    beforeEach(async () => {
      subject = await create();
      database = subject.database;
      scope = freshScope();
    });
    afterEach(async () => subject.close());

    /** An ALIVE agent of the test's resource group with 4 cpu and 8 GiB. */
    async function agent(label = 'a'): Promise<string> {
      const id = scope.agent(label);
      await database.agents.upsertFromHeartbeat(
        heartbeat(scope, id, { cpu: '4', mem: String(8 * GIB) }),
        now(),
      );
      return id;
    }

    async function occupied(agentId: string, slot = 'cpu'): Promise<string> {
      return amount((await database.agents.get(agentId))!.occupiedSlots, slot);
    }

    it('finds a keypair by its access key, and null for one it does not have', async () => {
      const { accessKey } = subject.keypair;
      assert.deepEqual(await database.keypairs.findByAccessKey(accessKey), subject.keypair);
      assert.equal(await database.keypairs.findByAccessKey(scope.accessKey), null);
      await database.keypairs.touchLastUsed(accessKey, now());
      assert.deepEqual(await database.keypairs.findByAccessKey(accessKey), subject.keypair);
    });

    it('registers an agent from its first heartbeat: ALIVE, schedulable, as it reported itself', async () => {
      const at = now();
      const id = scope.agent('a');
      await database.agents.upsertFromHeartbeat(heartbeat(scope, id, { cpu: '4', mem: String(8 * GIB) }), at);
      const agent = await database.agents.get(id);
      assert.ok(agent);
      assert.deepEqual(
        { ...agent, firstContact: agent.firstContact.getTime(), lastContact: agent.lastContact.getTime() },
        {
          id,
          status: 'ALIVE',
          address: `inproc://${id}`,
          region: 'local',
          resourceGroup: scope.resourceGroup,
          architecture: 'x86_64',
          version: '1.0.0',
          schedulable: true,
          availableSlots: { cpu: '4', mem: String(8 * GIB) },
          occupiedSlots: agent.occupiedSlots,
          computePlugins: { cpu: { version: '1' } },
          firstContact: at.getTime(),
          lastContact: at.getTime(),
        },
      );
      assert.equal(await occupied(id), '0');
      assert.equal(await database.agents.get(scope.agent('nobody')), null);
    });

    it('keeps occupied slots and first contact across heartbeats; takes the new capacity and time', async () => {
      const first = now(-10);
      const id = scope.agent('a');
      await database.agents.upsertFromHeartbeat(heartbeat(scope, id, { cpu: '4' }), first);
      const session = await database.sessions.create(newSession(scope, 's', [{ cpu: '2' }]));
      assert.deepEqual(await database.sessions.commitAllocation(session.id, placeAll(session, id), first), {
        ok: true,
      });
      const later = now();
      await database.agents.upsertFromHeartbeat(heartbeat(scope, id, { cpu: '6' }, '1.1.0'), later);
      const agent = (await database.agents.get(id))!;
      assert.equal(amount(agent.occupiedSlots, 'cpu'), '2');
      assert.deepEqual(agent.availableSlots, { cpu: '6' });
      assert.equal(agent.version, '1.1.0');
      assert.equal(agent.firstContact.getTime(), first.getTime());
      assert.equal(agent.lastContact.getTime(), later.getTime());
    });

    it('lists only the ALIVE agents of a resource group; a heartbeat brings a LOST agent back', async () => {
      const [a, b] = [await agent('a'), await agent('b')];
      const elsewhere = { ...scope, resourceGroup: `${scope.resourceGroup}-other` };
      await database.agents.upsertFromHeartbeat(heartbeat(elsewhere, scope.agent('c'), { cpu: '1' }), now());
      const listed = async () =>
        (await database.agents.listSchedulable(scope.resourceGroup)).map((x) => x.id).sort();
      assert.deepEqual(await listed(), [a, b]);
      await database.agents.markStatus(b, 'LOST');
      assert.equal((await database.agents.get(b))!.status, 'LOST');
      assert.deepEqual(await listed(), [a]);
      await database.agents.upsertFromHeartbeat(heartbeat(scope, b, { cpu: '4' }), now());
      assert.equal((await database.agents.get(b))!.status, 'ALIVE');
      assert.deepEqual(await listed(), [a, b]);
    });

    it('creates a session and its kernels as PENDING, and reads back what it created', async () => {
      const request = newSession(scope, 'train', [{ cpu: '2', mem: String(4 * GIB) }, { cpu: '1' }]);
      const created = await database.sessions.create(request);
      assert.equal(created.status, 'PENDING');
      assert.deepEqual(
        {
          id: created.id,
          name: created.name,
          accessKey: created.accessKey,
          resourceGroup: created.resourceGroup,
          environ: created.environ,
          requestedSlots: created.requestedSlots,
        },
        {
          id: request.id,
          name: 'train',
          accessKey: scope.accessKey,
          resourceGroup: scope.resourceGroup,
          environ: { LANG: 'C.UTF-8' },
          requestedSlots: { cpu: '2', mem: String(4 * GIB) },
        },
      );
      assert.deepEqual(
        created.kernels.map((k) => [k.id, k.sessionId, k.clusterRole, k.status, k.agentId, k.requestedSlots]),
        request.kernels.map((k) => [k.id, request.id, k.clusterRole, 'PENDING', null, k.requestedSlots]),
      );
      assert.deepEqual(await database.sessions.get(request.id), created);
      assert.deepEqual(await database.sessions.getMany([request.id, randomUUID()]), [created]);
      assert.equal(await database.sessions.get(randomUUID()), null);
    });

    it('persists status transitions of a session and its kernel, with their history', async () => {
      const session = await database.sessions.create(newSession(scope, 's', [{ cpu: '1' }]));
      const kernelId = session.kernels[0]!.id;
      const [running, ended] = [now(1), now(2)];
      assert.equal(
        await database.sessions.setKernelStatus(kernelId, 'RUNNING', { at: running, containerId: 'c-1' }),
        true,
      );
      assert.equal(await database.sessions.setSessionStatus(session.id, 'RUNNING', { at: running }), true);
      assert.equal(
        await database.sessions.setKernelStatus(kernelId, 'TERMINATED', {
          at: ended,
          statusInfo: 'user-requested',
          exitCode: 0,
        }),
        true,
      );
      assert.equal(
        await database.sessions.setSessionStatus(session.id, 'TERMINATED', {
          at: ended,
          statusInfo: 'user-requested',
          result: 'SUCCESS',
        }),
        true,
      );
      const read = (await database.sessions.get(session.id))!;
      assert.deepEqual(
        [read.status, read.statusInfo, read.result],
        ['TERMINATED', 'user-requested', 'SUCCESS'],
      );
      assert.deepEqual(Object.keys(read.statusHistory).sort(), ['PENDING', 'RUNNING', 'TERMINATED']);
      assert.equal(new Date(read.statusHistory.RUNNING!).getTime(), running.getTime());
      assert.equal(new Date(read.statusHistory.TERMINATED!).getTime(), ended.getTime());
      assert.equal(read.terminatedAt?.getTime(), ended.getTime());
      const kernel = read.kernels[0]!;
      assert.deepEqual(
        [kernel.status, kernel.statusInfo, kernel.containerId, kernel.exitCode],
        ['TERMINATED', 'user-requested', 'c-1', 0],
      );
      assert.equal(kernel.statusChanged.getTime(), ended.getTime());
    });

    it('writes a status only while the current one is expected (compare-and-set)', async () => {
      const session = await database.sessions.create(newSession(scope, 's', [{ cpu: '1' }]));
      const kernelId = session.kernels[0]!.id;
      const at = now();
      assert.equal(
        await database.sessions.setSessionStatus(session.id, 'RUNNING', { at, expect: ['PREPARING'] }),
        false,
      );
      assert.equal(
        await database.sessions.setKernelStatus(kernelId, 'RUNNING', { at, expect: ['PREPARING'] }),
        false,
      );
      assert.deepEqual(await database.sessions.get(session.id), session);
      assert.equal(
        await database.sessions.setSessionStatus(session.id, 'CANCELLED', { at, expect: ['PENDING'] }),
        true,
      );
      assert.equal(
        await database.sessions.setKernelStatus(kernelId, 'CANCELLED', { at, expect: ['PENDING'] }),
        true,
      );
      const read = (await database.sessions.get(session.id))!;
      assert.deepEqual([read.status, read.kernels[0]!.status], ['CANCELLED', 'CANCELLED']);
    });

    it("finds the owner's active session by name, and no longer once it has ended", async () => {
      const session = await database.sessions.create(newSession(scope, 'notebook', [{ cpu: '1' }]));
      assert.equal((await database.sessions.findActiveByName(scope.accessKey, 'notebook'))?.id, session.id);
      assert.equal(await database.sessions.findActiveByName(freshScope().accessKey, 'notebook'), null);
      await database.sessions.setSessionStatus(session.id, 'TERMINATED', { at: now() });
      assert.equal(await database.sessions.findActiveByName(scope.accessKey, 'notebook'), null);
    });

    it('lists pending sessions by resource group, by owner and by status', async () => {
      const a = await database.sessions.create(newSession(scope, 'a', [{ cpu: '1' }]));
      const b = await database.sessions.create(newSession(scope, 'b', [{ cpu: '1' }]));
      await database.sessions.setSessionStatus(a.id, 'CANCELLED', { at: now() });
      const ids = (sessions: SessionRecord[]) =>
        sessions.map((s) => s.id).filter((id) => id === a.id || id === b.id);
      assert.deepEqual(ids(await database.sessions.listPending(scope.resourceGroup)), [b.id]);
      assert.deepEqual(ids(await database.sessions.listPending(`${scope.resourceGroup}-other`)), []);
      assert.deepEqual(ids(await database.sessions.listPendingOf(scope.accessKey)), [b.id]);
      assert.deepEqual(ids(await database.sessions.listByStatus(['PENDING'])), [b.id]);
      assert.deepEqual(
        ids(await database.sessions.listByStatus(['CANCELLED', 'PENDING'])).sort(),
        [a.id, b.id].sort(),
      );
    });

    it('commits an allocation: the agent occupies the slots, the session and kernels are SCHEDULED on it', async () => {
      const agentId = await agent();
      const session = await database.sessions.create(
        newSession(scope, 's', [
          { cpu: '1', mem: String(GIB) },
          { cpu: '2', mem: String(GIB) },
        ]),
      );
      const at = now();
      assert.deepEqual(await database.sessions.commitAllocation(session.id, placeAll(session, agentId), at), {
        ok: true,
      });
      assert.equal(await occupied(agentId), '3');
      assert.equal(await occupied(agentId, 'mem'), String(2 * GIB));
      const read = (await database.sessions.get(session.id))!;
      assert.equal(read.status, 'SCHEDULED');
      assert.equal(new Date(read.statusHistory.SCHEDULED!).getTime(), at.getTime());
      for (const kernel of read.kernels) {
        assert.deepEqual([kernel.status, kernel.agentId], ['SCHEDULED', agentId]);
        assert.deepEqual(kernel.occupiedSlots, kernel.requestedSlots);
      }
    });

    it('refuses an allocation that would over-commit an agent, and writes nothing of it', async () => {
      const agentId = await agent();
      const first = await database.sessions.create(newSession(scope, 'first', [{ cpu: '3' }]));
      const second = await database.sessions.create(newSession(scope, 'second', [{ cpu: '2' }]));
      assert.equal(
        (await database.sessions.commitAllocation(first.id, placeAll(first, agentId), now())).ok,
        true,
      );
      const outcome = await database.sessions.commitAllocation(second.id, placeAll(second, agentId), now());
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.reason, 'agent-capacity-changed');
      assert.ok(!outcome.ok && [undefined, agentId].includes(outcome.agentId), 'names the agent, if any');
      assert.equal(await occupied(agentId), '3');
      assert.deepEqual(await database.sessions.get(second.id), second);
    });

    it('commits only one of two allocations racing for the same room', async () => {
      const agentId = await agent();
      const sessions = await Promise.all(
        ['x', 'y'].map((label) => database.sessions.create(newSession(scope, label, [{ cpu: '3' }]))),
      );
      const outcomes = await Promise.all(
        sessions.map((s) => database.sessions.commitAllocation(s.id, placeAll(s, agentId), now())),
      );
      assert.deepEqual(outcomes.map((o) => o.ok).sort(), [false, true]);
      assert.equal(await occupied(agentId), '3');
    });

    it('refuses to allocate a session that is no longer PENDING, leaving the agent alone', async () => {
      const agentId = await agent();
      const session = await database.sessions.create(newSession(scope, 's', [{ cpu: '1' }]));
      await database.sessions.setSessionStatus(session.id, 'CANCELLED', { at: now() });
      assert.deepEqual(
        await database.sessions.commitAllocation(session.id, placeAll(session, agentId), now()),
        {
          ok: false,
          reason: 'session-not-pending',
        },
      );
      assert.equal(await occupied(agentId), '0');
    });

    it('commits a batch all or nothing, naming the session that no longer fits', async () => {
      const agentId = await agent();
      const [fits, cancelled, tooMuch] = [
        await database.sessions.create(newSession(scope, 'fits', [{ cpu: '3' }])),
        await database.sessions.create(newSession(scope, 'cancelled', [{ cpu: '1' }])),
        await database.sessions.create(newSession(scope, 'too-much', [{ cpu: '2' }])),
      ];
      await database.sessions.setSessionStatus(cancelled.id, 'CANCELLED', { at: now() });
      const entry = (s: SessionRecord) => ({ sessionId: s.id, placements: placeAll(s, agentId) });
      const refused = await database.sessions.commitAllocations([entry(fits), entry(tooMuch)], now());
      assert.deepEqual(
        refused.ok ? refused : { ok: refused.ok, reason: refused.reason, sessionId: refused.sessionId },
        { ok: false, reason: 'agent-capacity-changed', sessionId: tooMuch.id },
      );
      assert.equal(await occupied(agentId), '0');
      assert.equal((await database.sessions.get(fits.id))!.status, 'PENDING');
      assert.deepEqual(await database.sessions.commitAllocations([entry(cancelled), entry(fits)], now()), {
        ok: true,
        outcomes: [{ ok: false, reason: 'session-not-pending' }, { ok: true }],
      });
      assert.equal(await occupied(agentId), '3');
    });

    it("returns a kernel's slots to its agent once, however often it is asked", async () => {
      const agentId = await agent();
      const [a, b] = [
        await database.sessions.create(newSession(scope, 'a', [{ cpu: '2' }])),
        await database.sessions.create(newSession(scope, 'b', [{ cpu: '1' }])),
      ];
      for (const s of [a, b]) await database.sessions.commitAllocation(s.id, placeAll(s, agentId), now());
      assert.equal(await occupied(agentId), '3');
      await database.sessions.releaseKernelSlots(a.kernels[0]!.id);
      await database.sessions.releaseKernelSlots(a.kernels[0]!.id);
      assert.equal(await occupied(agentId), '1');
    });
  });
}
