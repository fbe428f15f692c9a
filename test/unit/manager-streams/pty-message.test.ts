import { expect } from 'chai';
import { outMessage, parsePtyMessage } from '@tessera/manager-streams';

describe('manager-streams: terminal stream messages (api-spec §5.1)', () => {
  it('decodes stdin from base64 into the raw bytes, control characters and UTF-8 included', () => {
    const bytes = Buffer.from([0x03, 0x1b, 0x5b, 0x41, 0xc3, 0xa9, 0x0a]);
    expect(parsePtyMessage(JSON.stringify({ type: 'stdin', chars: bytes.toString('base64') }))).to.deep.equal(
      {
        type: 'stdin',
        bytes,
      },
    );
    expect(parsePtyMessage('{"type": "stdin", "chars": ""}')).to.deep.equal({
      type: 'stdin',
      bytes: Buffer.alloc(0),
    });
  });

  it('takes resize, ping and restart', () => {
    expect(parsePtyMessage('{"type": "resize", "rows": 24, "cols": 80}')).to.deep.equal({
      type: 'resize',
      rows: 24,
      cols: 80,
    });
    expect(parsePtyMessage('{"type": "ping"}')).to.deep.equal({ type: 'ping' });
    expect(parsePtyMessage('{"type": "restart"}')).to.deep.equal({ type: 'restart' });
  });

  const refusals: Array<[string, string]> = [
    ['not json', 'Messages must be JSON objects {"type": "stdin"|"resize"|"ping"|"restart", ...}'],
    ['["stdin"]', 'Messages must be JSON objects {"type": "stdin"|"resize"|"ping"|"restart", ...}'],
    [
      '{"chars": "aGk="}',
      'Invalid parameter type: expected "stdin", "resize", "ping" or "restart", got null',
    ],
    [
      '{"type": "stdout"}',
      'Invalid parameter type: expected "stdin", "resize", "ping" or "restart", got "stdout"',
    ],
    ['{"type": "stdin"}', 'Invalid parameter chars: expected the input bytes in base64'],
    ['{"type": "stdin", "chars": "hi there"}', 'Invalid parameter chars: expected the input bytes in base64'],
    ['{"type": "stdin", "chars": "a"}', 'Invalid parameter chars: expected the input bytes in base64'],
    [
      '{"type": "resize", "rows": 24}',
      'Invalid resize: cols must be a whole number from 1 to 1000, got null',
    ],
    [
      '{"type": "resize", "rows": 2.5, "cols": 80}',
      'Invalid resize: rows must be a whole number from 1 to 1000, got 2.5',
    ],
    [
      '{"type": "resize", "rows": "24", "cols": 80}',
      'Invalid resize: rows must be a whole number from 1 to 1000, got "24"',
    ],
    [
      '{"type": "resize", "rows": 24, "cols": 1001}',
      'Invalid resize: cols must be a whole number from 1 to 1000, got 1001',
    ],
  ];
  for (const [text, problem] of refusals) {
    it(`refuses ${text}, naming the field`, () => {
      expect(parsePtyMessage(text)).to.deep.equal({ problem });
    });
  }

  it('sends output as base64 of the raw bytes', () => {
    expect(outMessage(Buffer.from([0xff, 0x00, 0x41]))).to.deep.equal({ type: 'out', data: '/wBB' });
  });
});
