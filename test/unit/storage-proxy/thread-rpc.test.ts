import { MessageChannel } from 'node:worker_threads';
import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { ProxyErrors, ThreadRpc } from '@tessera/storage-proxy';

describe('storage-proxy: calls between the main thread and the client-API thread', () => {
  let channel: MessageChannel;
  let main: ThreadRpc;
  let thread: ThreadRpc;

  beforeEach(() => {
    channel = new MessageChannel();
    main = new ThreadRpc(channel.port1);
    thread = new ThreadRpc(channel.port2);
  });
  afterEach(() => {
    channel.port1.close();
    channel.port2.close();
  });

  async function refusal(attempt: Promise<unknown>): Promise<Error> {
    try {
      await attempt;
    } catch (error) {
      return error as Error;
    }
    throw new Error('the call was answered');
  }

  it('answers a call in either direction with what the handler returned', async () => {
    main.handle('locate', async (volume: string, folder: { folderId: string }) => ({
      path: `/vol/${volume}/${folder.folderId}`,
    }));
    thread.handle('prepareUpload', (size: number) => `session-for-${size}`);
    const [located, prepared] = await Promise.all([
      thread.call('locate', 'local', { folderId: 'f1' }),
      main.call('prepareUpload', 42),
    ]);
    expect(located).to.deep.equal({ path: '/vol/local/f1' });
    expect(prepared).to.equal('session-for-42');
  });

  it("keeps a refusal's code, status, problem type and details across the threads", async () => {
    main.handle('checkRoom', async () => {
      throw ProxyErrors.quotaExceeded('The folder is full', { used_bytes: 10, limit_bytes: 10 });
    });
    const error = await refusal(thread.call('checkRoom'));
    expect(error).to.be.instanceOf(TesseraError);
    const refused = error as TesseraError;
    expect(refused.code).to.equal('storage-proxy-quota-exceeded');
    expect(refused.status).to.equal(413);
    expect(refused.problemType).to.equal('https://api.backend.ai/probs/storage/quota-exceeded');
    expect(refused.message).to.equal('The folder is full');
    expect(refused.details).to.deep.equal({ used_bytes: 10, limit_bytes: 10 });
  });

  it("keeps the core's codes, and answers any other failure as internal-server-error (500)", async () => {
    main.handle('listen', async () => {
      throw new TesseraError('config-invalid', 'cannot listen on http://127.0.0.1:1', {
        field: 'clientListen',
      });
    });
    main.handle('bug', async () => {
      throw new TypeError('x is undefined');
    });
    const listen = (await refusal(thread.call('listen'))) as TesseraError;
    expect(listen.code).to.equal('config-invalid');
    expect(listen.details).to.deep.equal({ field: 'clientListen' });
    const bug = (await refusal(thread.call('bug'))) as TesseraError;
    expect(bug.code).to.equal('storage-proxy-internal-error');
    expect(bug.status).to.equal(500);
    expect(bug.message).to.equal('x is undefined');
  });

  it('refuses a method the other side does not handle, naming it', async () => {
    const error = await refusal(thread.call('nothing-here'));
    expect(error.message).to.equal('no handler for "nothing-here" on this thread');
  });

  it('delivers notes to their listener, unanswered', async () => {
    const received = new Promise((resolve) => main.listen('log', resolve));
    thread.notify('log', { level: 'info', message: 'upload finished', fields: { bytes: 3 } });
    expect(await received).to.deep.equal({ level: 'info', message: 'upload finished', fields: { bytes: 3 } });
  });

  it('refuses calls still waiting, and later ones, once closed (the thread is gone)', async () => {
    main.handle('slow', () => new Promise(() => undefined));
    const waiting = thread.call('slow');
    const gone = new Error('the client API thread is not running');
    thread.close(gone);
    expect(await refusal(waiting)).to.equal(gone);
    expect(await refusal(thread.call('slow'))).to.equal(gone);
  });
});
