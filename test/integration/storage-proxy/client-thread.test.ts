import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { TestProxy, type TestFolder } from './support';

const TUS = { 'Tus-Resumable': '1.0.0' };

/** JSON log lines written so far, and a way to wait for one. */
class CapturedLog {
  readonly stream = new PassThrough();
  readonly lines: Array<Record<string, unknown>> = [];
  private text = '';

  constructor() {
    this.stream.on('data', (chunk: Buffer) => {
      this.text += chunk.toString();
      const parts = this.text.split('\n');
      this.text = parts.pop()!;
      for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part) as Record<string, unknown>);
    });
  }

  /** The first line with message `msg`, once written. */
  async line(msg: string): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.lines.find((line) => line.msg === msg);
      if (found) return found;
      await once(this.stream, 'data');
    }
  }
}

async function patch(url: string, offset: number, body: Buffer): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    body,
  });
}

describe('storage-proxy: the client API on a thread of its own', function () {
  this.timeout(30_000);
  let proxy: TestProxy;
  let folder: TestFolder;
  let log: CapturedLog;

  beforeEach(async () => {
    log = new CapturedLog();
    proxy = await TestProxy.start(
      {},
      createLogger({ level: 'debug', format: 'json', destination: log.stream }),
    );
    folder = await proxy.createFolder();
  });
  afterEach(async () => {
    await proxy?.stop();
  });

  const uploadUrl = (token: string) => `${proxy.proxy.clientUrl}/upload?token=${encodeURIComponent(token)}`;

  it("writes the thread's log lines through the proxy's logger, with their fields", async () => {
    const data = Buffer.from('written on the client-API thread');
    const token = await proxy.uploadToken(folder, 'logged.txt', data.length);
    expect((await patch(uploadUrl(token), 0, data)).status).to.equal(204);
    const line = await log.line('upload finished');
    expect(line).to.include({ level: 30, volume: 'local', vfid: folder.ref.vfid, bytes: data.length });
    // Refusals are logged at debug level, naming the path and never the token in the query.
    const refused = await fetch(uploadUrl('not-a-token'), { method: 'HEAD', headers: TUS });
    expect(refused.status).to.equal(401);
    const refusal = await log.line('client API request refused');
    expect(refusal).to.include({ method: 'HEAD', path: '/upload', code: 'storage-proxy-token-invalid' });
    expect(JSON.stringify(log.lines)).to.not.include('not-a-token');
  });

  it('starts a thread that died again on the same address, where an upload resumes from its offset', async () => {
    const data = Buffer.alloc(1000, 'x');
    const token = await proxy.uploadToken(folder, 'resumed.bin', data.length);
    expect((await patch(uploadUrl(token), 0, data.subarray(0, 300))).status).to.equal(204);
    const addressBefore = proxy.proxy.clientUrl;

    const restarted = once(proxy.proxy.clientThread, 'restarted');
    await proxy.proxy.clientThread.crashForTest();
    await restarted;
    expect(proxy.proxy.clientThread.restarts).to.equal(1);
    expect(proxy.proxy.clientUrl).to.equal(addressBefore);
    const exited = await log.line('the client API thread exited unexpectedly; starting it again');
    expect(exited).to.include({ level: 50, listen: addressBefore });

    const offset = await fetch(uploadUrl(token), { method: 'HEAD', headers: TUS });
    expect(offset.headers.get('upload-offset')).to.equal('300');
    expect((await patch(uploadUrl(token), 300, data.subarray(300))).status).to.equal(204);
    expect(readFileSync(join(folder.path, 'resumed.bin'))).to.deep.equal(data);
    // Upload tokens are still issued: the manager API reaches the new thread.
    expect(await proxy.uploadToken(folder, 'after.bin', 1)).to.be.a('string');
  });

  it('stops the thread with the proxy: its address answers no more, and no upload is prepared', async () => {
    const url = proxy.proxy.clientUrl;
    const thread = proxy.proxy.clientThread;
    await proxy.proxy.stop();
    let refused: unknown;
    try {
      await fetch(url);
    } catch (error) {
      refused = error;
    }
    expect(refused, 'the client API still answers').to.be.instanceOf(Error);
    let prepared: unknown;
    try {
      await thread.prepareUpload(
        'local',
        { scope: { type: 'user', id: 'u' }, folderId: 'f' } as never,
        ['a'],
        1,
      );
    } catch (error) {
      prepared = error;
    }
    expect((prepared as Error | undefined)?.message).to.match(/client API thread is not running/);
  });
});
