import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '@tessera/core';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logging', () => {
  it('writes constant messages with structured fields and the plugin binding', () => {
    const out = capture();
    const log = createLogger({ format: 'json', destination: out.stream }).child({ plugin: 'manager' });
    log.info('session scheduled', { sessionId: 's-1', agentId: 'a-1' });
    expect(out.lines()[0]).to.include({
      plugin: 'manager',
      msg: 'session scheduled',
      sessionId: 's-1',
      agentId: 'a-1',
      level: 30,
    });
  });

  it('never writes secrets, at any depth, whatever the key spelling', () => {
    const out = capture();
    const log = createLogger({ format: 'json', destination: out.stream });
    log.warn('request refused', {
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      request: { headers: { Authorization: 'BackendAI signMethod=HMAC-SHA256, credential=AK:sig' } },
      config: { db: { password: 'develove' }, api_token: 't0ken' },
      keypairs: [{ secret_key: 'in-an-array' }],
    });
    const text = out.text();
    for (const secret of ['wJalrXUtnFEMI', 'credential=AK:sig', 'develove', 't0ken', 'in-an-array'])
      expect(text).to.not.include(secret);
    expect(out.lines()[0]).to.include({ accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: '[redacted]' });
  });

  it('respects the level', () => {
    const out = capture();
    const log = createLogger({ format: 'json', level: 'warn', destination: out.stream });
    log.info('not shown');
    log.error('shown');
    expect(out.lines().map((l) => l.msg)).to.deep.equal(['shown']);
  });
});
