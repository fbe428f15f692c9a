import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@tessera/cli';
import { ManagerStandIn, type RecordedRequest } from '../client/support/manager-stand-in';
import { capturedIo } from './support/captured-io';

const KEYS = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('tessera login / logout / admin (against a local stand-in)', () => {
  let server: ManagerStandIn;
  let endpoint: string;
  let config: string;
  let answer: (request: RecordedRequest) => unknown;
  beforeEach(async () => {
    config = mkdtempSync(join(tmpdir(), 'tessera-cli-admin-'));
    server = new ManagerStandIn((request) => {
      if (request.path === '/auth/authorize') {
        const body = request.json as { password?: string };
        if (body.password !== 'hunter2')
          return {
            status: 401,
            body: { type: 'https://api.backend.ai/probs/auth-failed', title: 'User credential mismatch.' },
          };
        return {
          status: 200,
          body: {
            data: { access_key: KEYS.accessKey, secret_key: KEYS.secretKey, role: 'admin', status: 'active' },
          },
        };
      }
      return { status: 200, body: answer(request) };
    }, KEYS);
    endpoint = await server.start();
  });
  afterEach(async () => {
    await server.stop();
    rmSync(config, { recursive: true, force: true });
  });
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}, stdin: string[] = []) => {
    const io = capturedIo({ env: { TESSERA_CONFIG_DIR: config, BACKEND_ENDPOINT: endpoint, ...env }, stdin });
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  it('login reads e-mail and password from piped stdin, stores the keypair 0600 and never prints the secret', async () => {
    const done = await run(['login', '-d', 'research'], {}, ['ann@example.com\nhunter2\n']);
    expect(done.code, done.err).to.equal(0);
    expect(done.out).to.equal(
      `logged in to ${endpoint} as ann@example.com (admin); access key ${KEYS.accessKey} saved to ${join(config, 'credentials.json')}\n`,
    );
    expect(done.out + done.err).to.not.include(KEYS.secretKey);
    expect(server.requests[0]!.json).to.deep.equal({
      type: 'keypair',
      domain: 'research',
      username: 'ann@example.com',
      password: 'hunter2',
    });
    const file = join(config, 'credentials.json');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({
      accessKey: KEYS.accessKey,
      secretKey: KEYS.secretKey,
      endpoint,
    });

    // later verbs sign with the stored keypair
    answer = () => ({ domains: [] });
    const listed = await run(['admin', 'domains', 'list']);
    expect(listed.code, listed.err).to.equal(0);
    expect(server.requests[1]).to.include({
      path: '/admin/graphql',
      signatureValid: true,
      accessKey: KEYS.accessKey,
    });

    const out = await run(['logout']);
    expect(out.out).to.equal(`logged out: removed ${file}\n`);
    expect(existsSync(file)).to.equal(false);
    expect((await run(['logout'])).out).to.equal(`not logged in (no ${file})\n`);
  });

  it('a wrong password is refused and nothing is stored', async () => {
    const refused = await run(['login', '-e', 'ann@example.com'], {}, ['wrong\n']);
    expect(refused.code).to.equal(1);
    expect(refused.err).to.include('authentication failed: User credential mismatch.');
    expect(existsSync(join(config, 'credentials.json'))).to.equal(false);
  });

  it('users list prints a table, --json snake_case, and sends the flags as arguments', async () => {
    answer = () => ({
      user_list: {
        total_count: 5,
        items: [
          {
            email: 'ann@example.com',
            username: 'ann',
            role: 'admin',
            status: 'active',
            domain_name: 'default',
            full_name: 'Ann',
            groups: [{ id: 'g', name: 'research' }],
            created_at: '2025-01-01T00:00:00Z',
          },
        ],
      },
    });
    const env = { BACKEND_ACCESS_KEY: KEYS.accessKey, BACKEND_SECRET_KEY: KEYS.secretKey };
    const table = await run(['admin', 'users', 'list', '-d', 'default', '--limit', '1', '-s', 'active'], env);
    expect(table.code, table.err).to.equal(0);
    expect(table.out.split('\n')[0]).to.match(
      /^EMAIL\s+USERNAME\s+ROLE\s+STATUS\s+DOMAIN\s+FULL NAME\s+PROJECTS\s+CREATED AT$/,
    );
    expect(table.out.split('\n')[1]).to.match(
      /^ann@example.com\s+ann\s+admin\s+active\s+default\s+Ann\s+research\s+2025/,
    );
    expect(table.err).to.equal('(1 of 5 shown; --offset 1 for the next page)\n');
    const sent = server.requests[0]!.json as { variables: Record<string, unknown> };
    expect(sent.variables).to.deep.equal({ limit: 1, offset: 0, domain_name: 'default', status: 'active' });

    const json = await run(['admin', 'users', 'list', '--json'], env);
    expect(JSON.parse(json.out)).to.deep.include({ total_count: 5 });
    expect(JSON.parse(json.out).items[0]).to.include({ full_name: 'Ann', domain_name: 'default' });
  });

  it('users add prints the new access key and the secret key once; a refused mutation fails with its message', async () => {
    answer = (request) => {
      const query = (request.json as { query: string }).query;
      if (query.includes('create_user'))
        return { create_user: { ok: true, msg: 'success', user: { uuid: 'u-1', email: 'bob@x' } } };
      if (query.includes('keypairs')) return { keypairs: [{ access_key: 'AKNEW', secret_key: 'SKNEW' }] };
      return { delete_user: { ok: false, msg: 'no such user' } };
    };
    const env = { BACKEND_ACCESS_KEY: KEYS.accessKey, BACKEND_SECRET_KEY: KEYS.secretKey };
    const added = await run(['admin', 'users', 'add', 'bob@x', '-d', 'default', '-r', 'user'], env, [
      'pw-of-bob\n',
    ]);
    expect(added.code, added.err).to.equal(0);
    expect(added.out).to.equal(
      'created user bob@x (uuid u-1) in domain default\naccess key: AKNEW\nsecret key: SKNEW\n',
    );
    const props = (server.requests[0]!.json as { variables: { props: Record<string, unknown> } }).variables
      .props;
    expect(props).to.deep.equal({
      username: 'bob@x',
      password: 'pw-of-bob',
      need_password_change: false,
      domain_name: 'default',
      role: 'user',
    });

    const failed = await run(['admin', 'users', 'delete', 'nobody@x'], env);
    expect(failed.code).to.equal(1);
    expect(failed.err).to.equal('tessera: deleting user "nobody@x" failed: no such user\n');
  });

  it('resource-presets list, info, add, update and delete send their GraphQL fields and print the answers', async () => {
    const preset = {
      name: 'medium',
      resource_slots: '{"cpu":"2","mem":"4294967296"}',
      shared_memory: 536870912,
    };
    answer = (request) => {
      const query = (request.json as { query: string }).query;
      if (query.includes('create_resource_preset'))
        return { create_resource_preset: { ok: true, msg: 'success', resource_preset: preset } };
      if (query.includes('modify_resource_preset'))
        return { modify_resource_preset: { ok: true, msg: 'success' } };
      if (query.includes('delete_resource_preset'))
        return { delete_resource_preset: { ok: false, msg: 'resource preset "gone" not found' } };
      if (query.includes('resource_presets')) return { resource_presets: [preset] };
      return { resource_preset: null };
    };
    const env = { BACKEND_ACCESS_KEY: KEYS.accessKey, BACKEND_SECRET_KEY: KEYS.secretKey };
    const sent = (index: number) => server.requests[index]!.json as { query: string; variables: unknown };

    const table = await run(['admin', 'resource-presets', 'list'], env);
    expect(table.code, table.err).to.equal(0);
    expect(table.out.split('\n')[0]).to.match(/^NAME\s+RESOURCE SLOTS\s+SHARED MEMORY$/);
    expect(table.out.split('\n')[1]).to.match(/^medium\s+cpu=2 mem=4294967296\s+512m$/);
    expect(sent(0).query).to.equal('query { resource_presets { name resource_slots shared_memory } }');

    const missing = await run(['admin', 'resource-presets', 'info', 'nowhere'], env);
    expect(missing.code).to.equal(1);
    expect(missing.err).to.include('resource preset "nowhere" not found');
    expect(sent(1).variables).to.deep.equal({ name: 'nowhere' });

    const added = await run(
      [
        'admin',
        'resource-presets',
        'add',
        'medium',
        '--resource-slots',
        '{"cpu": "2", "mem": "4g"}',
        '--shared-memory',
        '512m',
      ],
      env,
    );
    expect(added.code, added.err).to.equal(0);
    expect(added.out).to.equal('created resource preset medium\n');
    expect(sent(2).variables).to.deep.equal({
      name: 'medium',
      props: { resource_slots: '{"cpu":"2","mem":"4g"}', shared_memory: '512m' },
    });

    const updated = await run(['admin', 'resource-presets', 'update', 'medium', '--shared-memory', ''], env);
    expect(updated.code, updated.err).to.equal(0);
    expect(sent(3).variables).to.deep.equal({ name: 'medium', props: { shared_memory: '' } });

    const deleted = await run(['admin', 'resource-presets', 'delete', 'gone'], env);
    expect(deleted.code).to.equal(1);
    expect(deleted.err).to.equal(
      'tessera: deleting resource preset "gone" failed: resource preset "gone" not found\n',
    );
  });

  it('resource-presets refuses a bad size, a missing --resource-slots and an empty update before any request', async () => {
    const env = { BACKEND_ACCESS_KEY: KEYS.accessKey, BACKEND_SECRET_KEY: KEYS.secretKey };
    const size = await run(
      ['admin', 'resource-presets', 'add', 'p', '--resource-slots', '{}', '--shared-memory', 'big'],
      env,
    );
    expect(size.code).to.equal(1);
    expect(size.err).to.include(
      "option '--shared-memory <size>' argument 'big' is invalid. expected a size such as 512m or 1g",
    );
    const noSlots = await run(['admin', 'resource-presets', 'add', 'p'], env);
    expect(noSlots.code).to.equal(2);
    expect(noSlots.err).to.include('--resource-slots is required');
    const nothing = await run(['admin', 'resource-presets', 'update', 'p'], env);
    expect(nothing.code).to.equal(2);
    expect(nothing.err).to.equal(
      'tessera: nothing to change: give at least one of --resource-slots, --shared-memory\n',
    );
    expect(server.requests).to.have.length(0);
  });

  it('bad flags are refused naming the flag, before any request', async () => {
    const env = { BACKEND_ACCESS_KEY: KEYS.accessKey, BACKEND_SECRET_KEY: KEYS.secretKey };
    const role = await run(['admin', 'users', 'update', 'a@x', '-r', 'king'], env);
    expect(role.code).to.equal(1);
    expect(role.err).to.include(
      "option '-r, --role <role>' argument 'king' is invalid. expected one of superadmin, admin, user, monitor",
    );
    const slots = await run(['admin', 'domains', 'add', 'd', '--total-resource-slots', '[1]'], env);
    expect(slots.err).to.include(
      "option '--total-resource-slots <json>' argument '[1]' is invalid. expected a JSON object",
    );
    const nothing = await run(['admin', 'keypairs', 'update', 'AK'], env);
    expect(nothing.code).to.equal(2);
    expect(nothing.err).to.equal(
      'tessera: nothing to change: give at least one of --active, --admin, --resource-policy, --rate-limit\n',
    );
    const purge = await run(['admin', 'users', 'purge', 'a@x'], env);
    expect(purge.err).to.equal('tessera: purge removes user "a@x" for good; add --yes to confirm\n');
    expect(server.requests).to.have.length(0);
  });
});
