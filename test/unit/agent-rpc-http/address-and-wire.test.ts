import { expect } from 'chai';
import { defineErrorCodes, TesseraError } from '@tessera/core';
import { decodeCallError, encodeCallError, isWireError, parseHttpRpcAddress } from '@tessera/agent-rpc-http';

describe('agent-rpc-http: agent addresses', () => {
  it("reads host and port, with Backend.AI's 6001 when the port is left out", () => {
    expect(parseHttpRpcAddress('http://10.0.0.5:6011')).to.deep.equal({
      host: '10.0.0.5',
      port: 6011,
      origin: 'http://10.0.0.5:6011',
    });
    expect(parseHttpRpcAddress('http://agent-3/')).to.deep.equal({
      host: 'agent-3',
      port: 6001,
      origin: 'http://agent-3:6001',
    });
    expect(parseHttpRpcAddress('http://agent-3:80')).to.include({ port: 80, origin: 'http://agent-3:80' });
    expect(parseHttpRpcAddress('http://[::1]:7001')).to.deep.equal({
      host: '::1',
      port: 7001,
      origin: 'http://[::1]:7001',
    });
    expect(parseHttpRpcAddress('http://0.0.0.0:0')).to.include({ host: '0.0.0.0', port: 0 });
  });

  it('refuses what is not http://host[:port], naming the address', () => {
    for (const [address, why] of [
      ['https://agent:6001', /scheme is https/],
      ['http://agent:6001/rpc', /path/],
      ['http://agent:6001?x=1', /query/],
      ['http://user:pw@agent:6001', /credentials/],
      ['agent:6001', /scheme is agent/],
      ['not a url', /not a URL/],
    ] as const) {
      let failure: unknown;
      try {
        parseHttpRpcAddress(address);
      } catch (error) {
        failure = error;
      }
      expect(failure, address).to.be.instanceOf(TesseraError);
      expect((failure as TesseraError).message)
        .to.contain(address)
        .and.match(why);
    }
  });
});

describe('agent-rpc-http: errors on the wire', () => {
  it('carries a core TesseraError across with its code, message, details, status and problem type', () => {
    const original = new TesseraError('kernel-not-running', 'kernel k-1 is not running', { kernelId: 'k-1' });
    const wire = JSON.parse(JSON.stringify(encodeCallError(original)));
    expect(isWireError(wire)).to.equal(true);
    expect(wire.origin).to.equal('agent');
    const rebuilt = decodeCallError(wire);
    expect(rebuilt).to.be.instanceOf(TesseraError);
    expect(rebuilt).to.include({
      code: 'kernel-not-running',
      message: 'kernel k-1 is not running',
      status: 409,
    });
    expect(rebuilt.problemType).to.equal(original.problemType);
    expect(rebuilt.details).to.deep.equal({ kernelId: 'k-1' });
  });

  it('carries a plugin-owned code with the status and problem type of its table', () => {
    const table = defineErrorCodes('@test/fake-agent', {
      'fake-device-lost': { status: 503, problem: 'service-unavailable' },
    });
    const original = table.error(
      'fake-device-lost',
      'GPU 0 is gone',
      { index: 0 },
      { pluginId: 'fake', phase: 'x' },
    );
    const rebuilt = decodeCallError(JSON.parse(JSON.stringify(encodeCallError(original))));
    expect(rebuilt).to.include({ code: 'fake-device-lost', status: 503 });
    expect(rebuilt.problemType).to.equal('https://api.backend.ai/probs/service-unavailable');
    expect(rebuilt.context).to.deep.equal({ pluginId: 'fake', phase: 'x' });
  });

  it('turns other errors into internal-error with their message, and details that cannot be JSON into none', () => {
    const plain = decodeCallError(
      JSON.parse(JSON.stringify(encodeCallError(new RangeError('out of range')))),
    );
    expect(plain).to.include({ code: 'internal-error', message: 'out of range', status: 500 });
    expect(plain.details).to.deep.equal({ name: 'RangeError' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const wire = encodeCallError(new TesseraError('internal-error', 'cyclic', cyclic));
    expect(JSON.parse(JSON.stringify(wire)).details).to.deep.equal({});
  });
});
