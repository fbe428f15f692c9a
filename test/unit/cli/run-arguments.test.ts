import { expect } from 'chai';
import { collectKeyValue, main, planRun, type RunFlags } from '@tessera/cli';
import { ManagerStandIn, type RecordedRequest } from '../client/support/manager-stand-in';
import { capturedIo } from './support/captured-io';

const KEYS = {
  BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
  BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Answers like a manager whose sessions start at once and whose runs print "ok". */
function quickManager(request: RecordedRequest) {
  if (request.method === 'POST' && request.path === '/session') {
    const body = request.json as { clientSessionToken: string };
    return {
      status: 201,
      body: { sessId: body.clientSessionToken, status: 'RUNNING', servicePorts: [], created: true },
    };
  }
  if (request.method === 'POST') {
    const body = request.json as { runId: string };
    return {
      status: 200,
      body: {
        result: {
          runId: body.runId,
          status: 'finished',
          exitCode: 0,
          console: [['stdout', 'ok\n']],
          options: null,
          files: [],
        },
      },
    };
  }
  return { status: 204 };
}

describe('tessera run: arguments', () => {
  describe('planRun', () => {
    it('collects repeated -r and -e options into objects (a later key wins)', () => {
      let resources = collectKeyValue('cpu=2', undefined);
      resources = collectKeyValue('mem=4g', resources);
      resources = collectKeyValue('cuda.shares=0.5', resources);
      resources = collectKeyValue('cpu=4', resources);
      expect(resources).to.deep.equal({ cpu: '4', mem: '4g', 'cuda.shares': '0.5' });
      expect(collectKeyValue('EQUATION=a=b', undefined)).to.deep.equal({ EQUATION: 'a=b' });
      expect(() => collectKeyValue('cpu', undefined)).to.throw(/expected KEY=VALUE, got "cpu"/);
      expect(() => collectKeyValue('=2', undefined)).to.throw(/expected KEY=VALUE/);
    });

    it('maps the flags onto the session request', () => {
      const flags: RunFlags = {
        code: 'print(1)',
        name: 'mysess',
        resources: { cpu: '2' },
        env: { A: '1' },
        maxWait: 30,
        reuse: false,
        type: 'batch',
        group: 'proj',
        domain: 'dom',
        tag: 't1',
        rm: true,
        quiet: true,
      };
      const plan = planRun('python:3.11', [], flags);
      expect(plan.session).to.deep.include({
        image: 'python:3.11',
        name: 'mysess',
        resources: { cpu: '2' },
        env: { A: '1' },
        maxWaitSeconds: 30,
        reuseIfExists: false,
        type: 'batch',
        group: 'proj',
        domain: 'dom',
        tag: 't1',
      });
      expect(plan).to.include({ code: 'print(1)', remove: true, quiet: true });
      expect(planRun('python', [], { code: 'x' }).session.name, 'a generated name').to.match(
        /^tessera-[0-9a-f]{8}$/,
      );
      expect(planRun('python', [], { code: 'x' }).session.reuseIfExists).to.equal(true);
    });

    it('builds batch steps from --clean/--build/--exec and refuses contradictions', () => {
      expect(planRun('gcc', ['main.c'], { build: '*', exec: './main' }).batch).to.deep.equal({
        build: '*',
        exec: './main',
      });
      expect(() => planRun('python', [], {})).to.throw(/nothing to run/);
      expect(() => planRun('python', ['a.py'], {})).to.throw(/--exec CMD/);
      expect(() => planRun('python', [], { code: 'x', exec: 'y' })).to.throw(/not both/);
      expect(() => planRun('python', [], { enqueueOnly: true, rm: true })).to.throw(
        /--rm cannot be combined/,
      );
      expect(planRun('python', [], { enqueueOnly: true }).code).to.equal(undefined);
    });
  });

  describe('through the command line', () => {
    let manager: ManagerStandIn;
    let env: NodeJS.ProcessEnv;
    beforeEach(async () => {
      manager = new ManagerStandIn(quickManager);
      env = { ...KEYS, BACKEND_ENDPOINT: await manager.start(), BACKEND_GROUP: 'env-group' };
    });
    afterEach(() => manager.stop());

    it('sends -r cpu=2 -r mem=4g as resources, with the other session options', async () => {
      const io = capturedIo({ env });
      const argv = [
        'run',
        '-r',
        'cpu=2',
        '-r',
        'mem=4g',
        '-e',
        'A=1',
        '-e',
        'B=two words',
        '-t',
        'mysess',
        '--no-reuse',
        '--no-stream',
      ];
      argv.push(
        '--type',
        'batch',
        '-d',
        'dom',
        '--tag',
        't1',
        '--max-wait',
        '30',
        '-m',
        'data',
        '-c',
        'print(1)',
        'python:3.11',
      );
      expect(await main(argv, io)).to.equal(0);
      expect(manager.requests[0].json).to.deep.equal({
        image: 'python:3.11',
        clientSessionToken: 'mysess',
        maxWaitSeconds: 30,
        reuseIfExists: false,
        type: 'batch',
        group: 'env-group',
        domain: 'dom',
        tag: 't1',
        config: { resources: { cpu: '2', mem: '4g' }, environ: { A: '1', B: 'two words' }, mounts: ['data'] },
      });
      expect(manager.requests[1].json).to.include({ mode: 'query', code: 'print(1)' });
      expect(io.out()).to.equal('ok\n');
    });

    it('reports bad option values in one line without sending anything', async () => {
      const cases: Array<[string[], number, RegExp]> = [
        [
          ['run', '-r', 'cpu', '-c', 'x', 'python'],
          1,
          /^tessera: option '-r, --resources <KEY=VAL>' argument 'cpu' is invalid/,
        ],
        [
          ['run', '--type', 'gpu', '-c', 'x', 'python'],
          1,
          /^tessera: option '--type <type>' argument 'gpu' is invalid/,
        ],
        [
          ['run', '--max-wait', 'soon', '-c', 'x', 'python'],
          1,
          /expected a whole number of seconds, got "soon"/,
        ],
        [['run', '-c', 'x', '--exec', 'y', 'python'], 2, /^tessera: use either -c\/--code .* not both$/],
        [['run', '-c', 'x'], 1, /^tessera: missing required argument 'image'$/],
      ];
      for (const [argv, code, message] of cases) {
        const io = capturedIo({ env });
        expect(await main(argv, io), argv.join(' ')).to.equal(code);
        expect(io.err().trimEnd().split('\n'), argv.join(' ')).to.have.length(1);
        expect(io.err().trimEnd(), argv.join(' ')).to.match(message);
      }
      expect(manager.requests).to.have.length(0);
    });
  });
});
