import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { parseCreateSessionBody, parseExecuteBody } from '@tessera/manager';

function refusal(body: unknown, parse: (b: unknown) => unknown = parseCreateSessionBody): TesseraError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('manager: POST /session body', () => {
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
    });
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

  it('refuses cluster sessions until they are supported', () => {
    expect(refusal({ image: 'python', cluster_size: 2 }).message).to.match(/clusterSize must be 1/);
  });
});

describe('manager: POST /session/:id (execute) body', () => {
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
