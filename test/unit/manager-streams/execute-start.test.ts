import { expect } from 'chai';
import { TesseraError, type SessionRecord } from '@tessera/core';
import { appList, parseExecuteStart } from '@tessera/manager-streams';

describe('manager-streams: the first message of a streamed run', () => {
  it('takes mode, code, options and an optional runId', () => {
    expect(parseExecuteStart('{"code": "print(1)", "mode": "query", "options": {}}')).to.deep.equal({
      mode: 'query',
      runId: null,
      code: 'print(1)',
      options: {},
    });
    expect(
      parseExecuteStart('{"mode": "batch", "options": {"build": "make", "exec": "./main"}, "runId": "r1"}'),
    ).to.deep.equal({ mode: 'batch', runId: 'r1', code: '', options: { build: 'make', exec: './main' } });
  });

  const refusals: Array<[string, string]> = [
    ['not json', 'The first message must be a JSON object {"mode", "code", "options"}; it is not valid JSON'],
    ['[1]', 'The first message must be a JSON object {"mode", "code", "options"}'],
    ['{"code": "x"}', 'Invalid parameter mode: expected "query" or "batch", got null'],
    ['{"mode": "input"}', 'Invalid parameter mode: expected "query" or "batch", got "input"'],
    ['{"mode": "query", "code": 5}', 'Invalid parameter code: expected a string'],
    ['{"mode": "query", "options": []}', 'Invalid parameter options: expected an object or null'],
    ['{"mode": "query", "runId": ""}', 'Invalid parameter runId: expected a string of 1 to 64 characters'],
  ];
  for (const [text, message] of refusals) {
    it(`refuses ${text}`, () => {
      let thrown: unknown;
      try {
        parseExecuteStart(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(TesseraError);
      expect((thrown as TesseraError).code).to.equal('invalid-api-params');
      expect((thrown as TesseraError).message).to.equal(message);
    });
  }
});

describe('manager-streams: the app list', () => {
  const kernel = (clusterRole: string, names: string[]) => ({
    clusterRole,
    servicePorts: names.map((name, index) => ({
      name,
      protocol: 'http' as const,
      containerPorts: [8080 + index],
      hostPorts: [30000 + index],
      isInference: false,
    })),
  });

  it("lists the main kernel's services as name, protocol and container ports", () => {
    const session = { kernels: [kernel('sub', ['other']), kernel('main', ['jupyter', 'tensorboard'])] };
    expect(appList(session as unknown as SessionRecord)).to.deep.equal([
      { name: 'jupyter', protocol: 'http', ports: [8080] },
      { name: 'tensorboard', protocol: 'http', ports: [8081] },
    ]);
  });

  it('is empty for a session without kernels yet', () => {
    expect(appList({ kernels: [] } as unknown as SessionRecord)).to.deep.equal([]);
  });
});
