import { expect } from 'chai';
import { demultiplexLogs } from '@tessera/agent-backend-docker';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('docker backend: container log frames', () => {
  it('joins stdout and stderr frames in the order they came, without headers', () => {
    const log = Buffer.concat([frame(1, 'booted\n'), frame(2, 'warning: ü\n'), frame(1, 'ready\n')]);
    expect(demultiplexLogs(log)).to.equal('booted\nwarning: ü\nready\n');
  });

  it('answers an unframed (TTY) log as it is, and nothing for an empty one', () => {
    expect(demultiplexLogs(Buffer.from('plain text\n'))).to.equal('plain text\n');
    expect(demultiplexLogs(Buffer.alloc(0))).to.equal('');
  });
});
