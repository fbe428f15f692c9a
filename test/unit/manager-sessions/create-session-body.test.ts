import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { parseCreateSessionBody, parseExecuteBody, parseStartServiceBody } from '@tessera/manager-sessions';

function refusal(body: unknown, parse: (b: unknown) => unknown = parseCreateSessionBody): TesseraError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('manager-sessions: POST /session body', () => {
  it('fills Backend.AI defaults', () => {
    expect(parseCreateSessionBody({ image: 'python:3.12' })).to.deep.equal({
      image: 'python:3.12',
      name: null,
      type: 'interactive',
      enqueueOnly: false,
      maxWaitSeconds: 0,
      reuseIfExists: true,
      group: 'default',
      domain: null,
      resourceGroup: null,
      resources: null,
      environ: {},
      tag: null,
      startupCommand: null,
      clusterSize: 1,
      clusterMode: 'single-node',
      priority: null,
      startsAt: null,
      dependencies: [],
      agentList: null,
      mounts: [],
      mountMap: {},
      resourceOpts: {},
      bootstrapScript: null,
      callbackUrl: null,
    });
  });

  it('reads config.mounts and config.mount_map (also mountMap), refusing other shapes by name', () => {
    const parsed = parseCreateSessionBody({
      image: 'python',
      config: { mounts: ['data', 'models'], mount_map: { data: '/workspace', models: 'm' } },
    });
    expect(parsed.mounts).to.deep.equal(['data', 'models']);
    expect(parsed.mountMap).to.deep.equal({ data: '/workspace', models: 'm' });
    expect(
      parseCreateSessionBody({ image: 'python', config: { mountMap: { data: 'd' } } }).mountMap,
    ).to.deep.equal({ data: 'd' });
    expect(refusal({ image: 'python', config: { mounts: 'data' } }).message).to.include('config.mounts');
    expect(refusal({ image: 'python', config: { mounts: [''] } }).message).to.include('config.mounts');
    expect(refusal({ image: 'python', config: { mount_map: { data: 3 } } }).message).to.include(
      'config.mount_map',
    );
  });

  it('reads what the JS SDK sends: lang, clientSessionToken, group_name and config.resources', () => {
    const parsed = parseCreateSessionBody({
      lang: 'python',
      clientSessionToken: 'AbCdEfGh-jsSDK',
      group_name: 'research',
      enqueueOnly: true,
      config: {
        resources: { cpu: '2', mem: '4g', 'cuda.device': 1 },
        scaling_group: 'gpu',
        environ: { A: 'b' },
      },
    });
    expect(parsed).to.deep.include({
      image: 'python',
      name: 'AbCdEfGh-jsSDK',
      group: 'research',
      enqueueOnly: true,
      resourceGroup: 'gpu',
      resources: { cpu: '2', mem: '4g', 'cuda.device': 1 },
      environ: { A: 'b' },
    });
  });

  it('takes the bootstrap script and an http(s) callback URL under their aliases, refusing other URLs by name', () => {
    const parsed = parseCreateSessionBody({
      image: 'python',
      bootstrap_script: 'pip install rich\n',
      callbackURL: 'http://127.0.0.1:9/hook?token=abc',
    });
    expect(parsed.bootstrapScript).to.equal('pip install rich\n');
    expect(parsed.callbackUrl).to.equal('http://127.0.0.1:9/hook?token=abc');
    expect(
      parseCreateSessionBody({ image: 'python', callbackUrl: 'https://example.com/x' }).callbackUrl,
    ).to.equal('https://example.com/x');
    for (const url of ['not a url', 'ftp://example.com/hook', 'file:///etc/passwd']) {
      const error = refusal({ image: 'python', callback_url: url });
      expect(error.code).to.equal('invalid-api-params');
      expect(error.message).to.match(/callback_url/);
    }
    expect(refusal({ image: 'python', bootstrap_script: 'x'.repeat(16 * 1024 + 1) }).message).to.match(
      /bootstrap_script/,
    );
  });

  it('requires an image', () => {
    expect(refusal({ clientSessionToken: 'abcd' }).message).to.match(/image/);
  });

  for (const name of ['abc', '-abcd', 'abcd-', 'ab--cd', 'ab cd', 'x'.repeat(65)]) {
    it(`refuses the session name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}... (${name.length} chars)` : name)}`, () => {
      const error = refusal({ image: 'python', clientSessionToken: name });
      expect(error.code).to.equal('invalid-api-params');
      expect(error.status).to.equal(400);
      expect(error.message).to.include('clientSessionToken');
    });
  }

  it('refuses wrongly typed fields, naming them', () => {
    expect(refusal({ image: 'python', maxWaitSeconds: 'soon' }).message).to.include('maxWaitSeconds');
    expect(refusal({ image: 'python', type: 'forever' }).message).to.include('type');
    expect(refusal({ image: 'python', config: { resources: { cpu: true } } }).message).to.include(
      'config.resources.cpu',
    );
  });

  it('reads cluster, priority, start time, dependencies and assigned agents', () => {
    const parsed = parseCreateSessionBody({
      image: 'python',
      type: 'batch',
      startupCommand: 'python train.py',
      cluster_size: 3,
      cluster_mode: 'multi-node',
      priority: 20,
      starts_at: '2030-01-01T09:00:00+09:00',
      dependencies: ['prepare-data', '3f1d0b5c-0000-4000-8000-000000000000'],
      config: { agentList: ['i-a', 'i-b'] },
    });
    expect(parsed).to.deep.include({
      clusterSize: 3,
      clusterMode: 'multi-node',
      priority: 20,
      dependencies: ['prepare-data', '3f1d0b5c-0000-4000-8000-000000000000'],
      agentList: ['i-a', 'i-b'],
    });
    expect(parsed.startsAt?.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
    expect(parseCreateSessionBody({ image: 'python', clusterSize: 2 }).clusterSize).to.equal(2);
  });

  it('refuses a bad cluster mode, a start time that is not a date or not for a batch session, and a priority above 100', () => {
    expect(refusal({ image: 'python', cluster_mode: 'everywhere' }).message).to.include('cluster_mode');
    expect(refusal({ image: 'python', type: 'batch', starts_at: 'tomorrow-ish' }).message).to.include(
      'not an ISO 8601 date',
    );
    expect(refusal({ image: 'python', starts_at: '2030-01-01T00:00:00Z' }).message).to.include(
      'only for batch sessions',
    );
    expect(refusal({ image: 'python', priority: 101 }).message).to.include('priority');
  });
});

describe('manager-sessions: resource_opts of POST /session', () => {
  it('reads shmem from config.resource_opts (what the SDKs send) as bytes, also as resourceOpts or at the root', () => {
    expect(
      parseCreateSessionBody({ image: 'python', config: { resource_opts: { shmem: '1g' } } }).resourceOpts,
    ).to.deep.equal({
      shmem: '1073741824',
    });
    expect(
      parseCreateSessionBody({ image: 'python', config: { resourceOpts: { shmem: '64m' } } }).resourceOpts,
    ).to.deep.equal({
      shmem: '67108864',
    });
    expect(
      parseCreateSessionBody({ image: 'python', resource_opts: { shmem: 1048576 } }).resourceOpts,
    ).to.deep.equal({
      shmem: '1048576',
    });
    expect(
      parseCreateSessionBody({ image: 'python', resourceOpts: { shmem: '512 MiB' } }).resourceOpts,
    ).to.deep.equal({
      shmem: '536870912',
    });
  });

  it('takes no options when none, or only keys no backend uses, are given', () => {
    expect(
      parseCreateSessionBody({ image: 'python', config: { resource_opts: null } }).resourceOpts,
    ).to.deep.equal({});
    expect(
      parseCreateSessionBody({ image: 'python', resource_opts: { shmem: null, other: 1 } }).resourceOpts,
    ).to.deep.equal({});
  });

  for (const shmem of ['lots', '1.5', '-1g', 0, 'inf', true, { size: '1g' }]) {
    it(`refuses shmem ${JSON.stringify(shmem)} with 400, naming resource_opts.shmem`, () => {
      const error = refusal({ image: 'python', config: { resource_opts: { shmem } } });
      expect(error.code).to.equal('invalid-api-params');
      expect(error.status).to.equal(400);
      expect(error.message).to.match(/^Invalid parameter resource_opts\.shmem: /);
      expect(error.details).to.include({ field: 'resource_opts.shmem' });
    });
  }

  it('refuses resource_opts that is not an object', () => {
    expect(refusal({ image: 'python', config: { resource_opts: '1g' } }).message).to.include(
      'config.resource_opts',
    );
  });
});

describe('manager-sessions: POST /session/:id/start-service body', () => {
  it('reads app (or service), port, and envs and arguments as stringified JSON, as Backend.AI clients send them', () => {
    expect(
      parseStartServiceBody({
        app: 'jupyter',
        port: 8090,
        envs: '{"PASSWORD": "12345"}',
        arguments: '{"-P": "12345", "--workers": 2}',
        login_session_token: 'dummy',
      }),
    ).to.deep.equal({
      app: 'jupyter',
      port: 8090,
      envs: { PASSWORD: '12345' },
      arguments: { '-P': '12345', '--workers': '2' },
    });
    expect(parseStartServiceBody({ service: 'ttyd', envs: { TERM: 'xterm' } })).to.deep.equal({
      app: 'ttyd',
      port: null,
      envs: { TERM: 'xterm' },
      arguments: {},
    });
  });

  it('refuses a missing app, a port out of range, and envs or arguments that are not objects of strings', () => {
    expect(refusal({}, parseStartServiceBody).message).to.equal('Missing parameter "app"');
    expect(refusal({ app: 'jupyter', port: 80 }, parseStartServiceBody).message).to.include('port');
    expect(refusal({ app: 'jupyter', envs: '{nope' }, parseStartServiceBody).message).to.equal(
      `Invalid parameter envs: not JSON (expected a JSON object of strings, such as '{"KEY": "value"}')`,
    );
    expect(refusal({ app: 'jupyter', envs: '["A=b"]' }, parseStartServiceBody).message).to.include(
      'Invalid parameter envs: expected a JSON object of strings',
    );
    expect(
      refusal({ app: 'jupyter', arguments: '{"-v": ["a", "b"]}' }, parseStartServiceBody).message,
    ).to.equal('Invalid parameter arguments.-v: expected a string, got ["a","b"]');
  });
});

describe('manager-sessions: POST /session/:id (execute) body', () => {
  it('keeps a given runId and leaves it null for the server to generate otherwise', () => {
    expect(parseExecuteBody({ mode: 'query', code: 'print(1)', runId: 'run-1' })).to.deep.equal({
      mode: 'query',
      code: 'print(1)',
      runId: 'run-1',
      options: null,
    });
    expect(parseExecuteBody({ mode: 'continue' })).to.deep.equal({
      mode: 'continue',
      code: '',
      runId: null,
      options: null,
    });
  });

  it('refuses an unknown mode', () => {
    expect(refusal({ mode: 'eval', code: '' }, parseExecuteBody).message).to.include('mode');
    expect(refusal({ code: '' }, parseExecuteBody).message).to.include('mode');
  });
});
