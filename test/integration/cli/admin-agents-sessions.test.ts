import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALICE,
  BOB,
  createSession,
  DEFAULT_PROJECT_ID,
  SUPERADMIN,
  bootGraphQLManager,
  statusReached,
  type Caller,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { runCli, type CliResult } from '../../unit/cli/support/run-built-cli';

/**
 * `tessera admin agents list|info|update` and `tessera admin sessions list|info` (the built
 * command, as child processes) against a booted manager: tables for people, --json for scripts,
 * the filters, and the refused side (exit 1, nothing changed).
 */
describe('tessera admin agents / sessions against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let work: string;
  let alices: string;
  let bobs: string;
  const cli = (args: string[], caller: Caller = SUPERADMIN): Promise<CliResult> =>
    runCli(args, {
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        TESSERA_CONFIG_DIR: join(work, 'config'),
        BACKEND_ACCESS_KEY: caller.accessKey,
        BACKEND_SECRET_KEY: caller.secretKey,
      },
      cwd: work,
    });
  const ok = async (args: string[], caller: Caller = SUPERADMIN): Promise<CliResult> => {
    const result = await cli(args, caller);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };
  const json = async <T>(args: string[], caller: Caller = SUPERADMIN): Promise<T> =>
    JSON.parse((await ok([...args, '--json'], caller)).stdout) as T;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-admin-agents-'));
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-identity' }] });
    await deployment.bus.publish(
      'agent_stats',
      {
        agentId: 'agent-test',
        collectedAt: new Date().toISOString(),
        node: {
          cpu_util: { current: '100', capacity: '400', pct: '25', unit_hint: 'percent' },
          mem: {
            current: String(3 * 2 ** 30),
            capacity: String(8 * 2 ** 30),
            pct: '37.50',
            unit_hint: 'bytes',
          },
        },
        kernels: {},
      },
      'agent-test',
    );
    await eventually(
      async () =>
        (await deployment.db.agents.list({ id: 'agent-test', limit: 1, offset: 0 })).items[0]?.lastStat !==
        null,
      'the stats to reach the agent row',
    );
    alices = await createSession(deployment, ALICE, 'alices-session');
    bobs = await createSession(deployment, BOB, 'bobs-session');
    await statusReached(deployment, alices, 'RUNNING');
    await statusReached(deployment, bobs, 'RUNNING');
  });
  after(async () => {
    await deployment?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('agents list: a table with status, group, slots and live CPU/memory; --json; --status and --resource-group', async () => {
    const table = await ok(['admin', 'agents', 'list']);
    const [header, row] = table.stdout.split('\n');
    expect(header).to.match(/^ID\s+STATUS\s+RESOURCE GROUP\s+SCHEDULABLE\s+OCCUPIED\s+AVAILABLE\s+CPU\s+MEM/);
    expect(row).to.match(
      /^agent-test\s+ALIVE\s+default\s+true\s+.*cpu=\S+.*cpu=4 mem=8589934592\s+25\.0%\s+3\.0 GiB/,
    );

    const page = await json<{ total_count: number; items: Array<Record<string, unknown>> }>([
      'admin',
      'agents',
      'list',
    ]);
    expect(page.total_count).to.equal(1);
    expect(page.items[0]).to.deep.include({
      id: 'agent-test',
      status: 'ALIVE',
      scaling_group: 'default',
      cpu_cur_pct: 25,
      mem_cur_bytes: 3 * 2 ** 30,
      available_slots: { cpu: '4', mem: '8589934592' },
    });
    expect(await json(['admin', 'agents', 'list', '--status', 'lost'])).to.deep.equal({
      total_count: 0,
      items: [],
    });
    expect(await json(['admin', 'agents', 'list', '--resource-group', 'gpu'])).to.deep.equal({
      total_count: 0,
      items: [],
    });
    const none = await ok(['admin', 'agents', 'list', '--status', 'LOST']);
    expect(none.stderr).to.include('no agents found');

    const bad = await cli(['admin', 'agents', 'list', '--status', 'SLEEPING']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('--status').and.include('ALIVE, LOST, RESTARTING, TERMINATED');
  });

  it('agents info: FIELD / VALUE lines with the live stats; --json; an unknown agent fails', async () => {
    const info = await ok(['admin', 'agents', 'info', 'agent-test']);
    expect(info.stdout).to.match(/^FIELD\s+VALUE/);
    expect(info.stdout)
      .to.match(/\nADDRESS\s+inproc:\/\/agent-test/)
      .and.match(/\nCPU\s+25\.0%/);
    const one = await json<Record<string, unknown>>(['admin', 'agents', 'info', 'agent-test']);
    expect(one).to.deep.include({ id: 'agent-test', addr: 'inproc://agent-test', schedulable: true });
    expect((one['live_stat'] as { node: Record<string, unknown> }).node).to.have.keys('cpu_util', 'mem');
    const missing = await cli(['admin', 'agents', 'info', 'nobody']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('agent "nobody" not found');
  });

  it('agents update --schedulable: superadmins only; others are refused and nothing changes', async () => {
    const refused = await cli(['admin', 'agents', 'update', 'agent-test', '--schedulable', 'false'], ALICE);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('agent.modify');
    expect((await deployment.db.agents.get('agent-test'))!.schedulable).to.equal(true);
    const listRefused = await cli(['admin', 'agents', 'list'], ALICE);
    expect(listRefused.code).to.equal(1);
    expect(listRefused.stdout).to.equal('');

    const off = await ok(['admin', 'agents', 'update', 'agent-test', '--schedulable', 'false']);
    expect(off.stdout).to.include('agent agent-test is not schedulable');
    expect((await deployment.db.agents.get('agent-test'))!.schedulable).to.equal(false);
    expect(await json(['admin', 'agents', 'update', 'agent-test', '--schedulable', 'true'])).to.deep.equal({
      ok: true,
      msg: 'success',
    });
    expect((await deployment.db.agents.get('agent-test'))!.schedulable).to.equal(true);
    const unknown = await cli(['admin', 'agents', 'update', 'nobody', '--schedulable', 'true']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include('no matching agent');
    const bad = await cli(['admin', 'agents', 'update', 'agent-test', '--schedulable', 'maybe']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('--schedulable');
  });

  it("sessions list: every user's sessions for a superadmin; --access-key, --email, --project, --status", async () => {
    type Page = { total_count: number; items: Array<{ id: string; access_key: string; user_email: string }> };
    const all = await json<Page>(['admin', 'sessions', 'list']);
    expect(all.items.map((s) => s.id)).to.include.members([alices, bobs]);
    const table = await ok(['admin', 'sessions', 'list']);
    expect(table.stdout.split('\n')[0]).to.match(
      /^ID\s+NAME\s+STATUS\s+OWNER\s+ACCESS KEY\s+DOMAIN\s+PROJECT/,
    );
    expect(table.stdout).to.include('alices-session').and.include('bob@lablup.com');

    const byKey = await json<Page>(['admin', 'sessions', 'list', '--access-key', ALICE.accessKey]);
    expect(byKey.items.map((s) => s.id)).to.deep.equal([alices]);
    const byEmail = await json<Page>(['admin', 'sessions', 'list', '--email', 'bob@lablup.com']);
    expect(byEmail.items.map((s) => s.id)).to.deep.equal([bobs]);
    const byProject = await json<Page>([
      'admin',
      'sessions',
      'list',
      '--project',
      'default',
      '-d',
      'default',
    ]);
    expect(byProject.items.map((s) => s.id)).to.include.members([alices, bobs]);
    const byProjectId = await json<Page>(['admin', 'sessions', 'list', '--project', DEFAULT_PROJECT_ID]);
    expect(byProjectId.total_count).to.equal(byProject.total_count);
    const running = await json<Page>(['admin', 'sessions', 'list', '--status', 'RUNNING,PENDING']);
    expect(running.items.map((s) => s.id)).to.include.members([alices, bobs]);
    expect(await json(['admin', 'sessions', 'list', '--status', 'CANCELLED'])).to.deep.equal({
      total_count: 0,
      items: [],
    });

    const badStatus = await cli(['admin', 'sessions', 'list', '--status', 'NAPPING']);
    expect(badStatus.code).to.equal(1);
    expect(badStatus.stderr).to.include('NAPPING').and.include('status');
    const nobody = await cli(['admin', 'sessions', 'list', '--email', 'nobody@lablup.com']);
    expect(nobody.code).to.equal(1);
    expect(nobody.stderr).to.include('no keypair of a user "nobody@lablup.com"');
    const noProject = await cli(['admin', 'sessions', 'list', '--project', 'no-such-project']);
    expect(noProject.code).to.equal(1);
    expect(noProject.stderr).to.include('project "no-such-project" not found');
    const both = await cli(['admin', 'sessions', 'list', '--email', 'a@b.c', '--access-key', 'AK']);
    expect(both.code).to.equal(2);
  });

  it("sessions list: a user sees only their own and is refused another's keypair", async () => {
    const own = await json<{ items: Array<{ id: string }> }>(['admin', 'sessions', 'list'], ALICE);
    expect(own.items.map((s) => s.id)).to.deep.equal([alices]);
    const refused = await cli(['admin', 'sessions', 'list', '--access-key', BOB.accessKey], ALICE);
    expect(refused.code).to.equal(1);
    expect(refused.stdout).to.not.include(bobs);
  });

  it('sessions info: the session with its containers; --json; bad and unknown ids', async () => {
    const info = await ok(['admin', 'sessions', 'info', bobs]);
    expect(info.stdout)
      .to.match(/\nNAME\s+bobs-session/)
      .and.match(/\nCONTAINERS\s+main:RUNNING@agent-test/);
    const one = await json<Record<string, unknown>>(['admin', 'sessions', 'info', bobs]);
    expect(one).to.deep.include({
      id: bobs,
      name: 'bobs-session',
      user_email: 'bob@lablup.com',
      status: 'RUNNING',
    });
    expect(one['containers']).to.have.lengthOf(1);

    const notUuid = await cli(['admin', 'sessions', 'info', 'bobs-session']);
    expect(notUuid.code).to.equal(2);
    expect(notUuid.stderr).to.include('<session-id>');
    const unknown = await cli(['admin', 'sessions', 'info', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include('not found');
    // Another user's session is not found for Alice (nothing about it is answered).
    const hidden = await cli(['admin', 'sessions', 'info', bobs], ALICE);
    expect(hidden.code).to.equal(1);
    expect(hidden.stdout).to.equal('');
  });
});
