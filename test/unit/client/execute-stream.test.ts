import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { BackendAPIError, BackendClientError } from '@tessera/client';
import { KEYS, SignedSocketServer } from './support/signed-socket-server';

describe('Client execute stream (local WebSocket server)', () => {
  let stand: SignedSocketServer;
  let handshakes: IncomingMessage[];
  let onSocket: (socket: WebSocket) => void;

  beforeEach(async () => {
    stand = new SignedSocketServer();
    stand.onSocket = (socket) => onSocket(socket);
    await stand.start();
    handshakes = stand.handshakes;
  });
  afterEach(() => stand.stop());
  const client = (secretKey = KEYS.secretKey) => stand.client(secretKey);

  it('signs the handshake like a REST GET without a content type, and sends the first message', async () => {
    const firsts: unknown[] = [];
    onSocket = (ws) =>
      ws.once('message', (data) => {
        firsts.push(JSON.parse(String(data)));
        ws.send(
          JSON.stringify({
            status: 'finished',
            console: [['stdout', '1\n']],
            exitCode: 0,
            options: null,
            files: [],
          }),
        );
        ws.close(1000);
      });
    const stream = await client().streamExecute('my sess', { mode: 'query', code: 'print(1)' });
    const results = [];
    for await (const result of stream) results.push(result);
    expect(results).to.deep.equal([
      { status: 'finished', console: [['stdout', '1\n']], exitCode: 0, options: null, files: [] },
    ]);
    expect(firsts).to.deep.equal([{ mode: 'query', code: 'print(1)', options: {} }]);
    const handshake = handshakes[0]!;
    expect(handshake.url).to.equal('/stream/session/my%20sess/execute');
    expect(handshake.headers['content-type']).to.equal(undefined);
    expect(handshake.headers['x-backendai-version']).to.equal('v9.20250722');
    expect(handshake.headers['x-backendai-date']).to.equal(handshake.headers.date);
  });

  it('throws the problem of a refused handshake (a wrong secret key is 401)', async () => {
    onSocket = () => undefined;
    const refused = await client('wrong-secret')
      .streamExecute('s', { mode: 'query', code: '' })
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(BackendAPIError).with.property('status', 401);
    expect((refused as BackendAPIError).problemSlug).to.equal('auth-failed');
  });

  it('sends input as plain text, and turns an error message into a BackendClientError naming it', async () => {
    const received: string[] = [];
    onSocket = (ws) => {
      ws.on('message', (data) => {
        received.push(String(data));
        if (received.length === 1) {
          ws.send(
            JSON.stringify({
              status: 'waiting-input',
              console: [],
              exitCode: null,
              options: { is_password: true },
              files: [],
            }),
          );
        } else {
          ws.send(JSON.stringify({ status: 'error', msg: 'the kernel is gone' }));
          ws.close(1011);
        }
      });
    };
    const prompts: boolean[] = [];
    const failure = await client()
      .streamRunCode('s', 'input()', {
        onInput: ({ isPassword }) => {
          prompts.push(isPassword);
          return 'secret text';
        },
      })
      .catch((error: unknown) => error);
    expect(prompts).to.deep.equal([true]);
    expect(received[1]).to.equal('secret text');
    expect(failure).to.be.instanceOf(BackendClientError);
    expect((failure as Error).message).to.include('the kernel is gone');
  });
});
