import { expect } from 'chai';
import {
  parseAgentTerminalMessage,
  parseManagerTerminalMessage,
  parseTerminalTarget,
  terminalTarget,
} from '@tessera/agent-rpc-http';

describe('agent-rpc-http: the terminal WebSocket wire', () => {
  it('names kernel and size in the request target, which the signature covers', () => {
    const target = terminalTarget('0f3c6f0e-8d7a-4a44-9d1e-3c2b1a0f9e8d', { rows: 24, cols: 80 });
    expect(target).to.equal('/terminal/0f3c6f0e-8d7a-4a44-9d1e-3c2b1a0f9e8d?rows=24&cols=80');
    expect(parseTerminalTarget(target)).to.deep.equal({
      kernelId: '0f3c6f0e-8d7a-4a44-9d1e-3c2b1a0f9e8d',
      size: { rows: 24, cols: 80 },
    });
  });

  for (const target of [
    '/terminal/k1',
    '/terminal/k1?cols=80&rows=24',
    '/terminal/k%2F1?rows=24&cols=80',
    '/terminal/../rpc?rows=24&cols=80',
    '/rpc/openTerminal',
    '/terminal/k1?rows=24&cols=80&x=1',
  ]) {
    it(`does not take ${target} for a terminal`, () => {
      expect(parseTerminalTarget(target)).to.equal(null);
    });
  }

  it("reads the manager's resize and refuses anything else, saying why", () => {
    expect(parseManagerTerminalMessage('{"type":"resize","id":3,"rows":40,"cols":120}')).to.deep.equal({
      type: 'resize',
      id: 3,
      rows: 40,
      cols: 120,
    });
    expect(parseManagerTerminalMessage('{"type":"resize","id":3,"rows":0,"cols":120}')).to.deep.equal({
      problem: 'resize: rows must be a whole number from 1 to 1000, got 0',
    });
    expect(parseManagerTerminalMessage('{"type":"resize","rows":4,"cols":120}')).to.deep.equal({
      problem: 'resize needs a whole-number id',
    });
    expect(parseManagerTerminalMessage('{"type":"stdin"}')).to.deep.equal({
      problem: 'unknown control message type "stdin"',
    });
    expect(parseManagerTerminalMessage('nope')).to.deep.equal({
      problem: 'a control message must be a JSON object',
    });
  });

  it("reads the agent's messages, and nothing else", () => {
    expect(parseAgentTerminalMessage('{"type":"opened"}')).to.deep.equal({ type: 'opened' });
    expect(parseAgentTerminalMessage('{"type":"exit","exitCode":130}')).to.deep.equal({
      type: 'exit',
      exitCode: 130,
    });
    expect(parseAgentTerminalMessage('{"type":"exit","exitCode":null}')).to.deep.equal({
      type: 'exit',
      exitCode: null,
    });
    expect(parseAgentTerminalMessage('{"type":"resized","id":2}')).to.deep.equal({ type: 'resized', id: 2 });
    const error = { code: 'x', message: 'm', details: {}, status: 500, type: 't', origin: 'agent' };
    expect(parseAgentTerminalMessage(JSON.stringify({ type: 'error', error }))).to.deep.equal({
      type: 'error',
      error,
    });
    expect(parseAgentTerminalMessage('{"type":"exit","exitCode":"0"}')).to.equal(null);
    expect(parseAgentTerminalMessage('{"type":"resized"}')).to.equal(null);
    expect(parseAgentTerminalMessage('{"type":"out"}')).to.equal(null);
    expect(parseAgentTerminalMessage('[]')).to.equal(null);
  });
});
