import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiConfig, BackendAPIError, BackendClientError, Client, SseParser } from '@tessera/client';

const KEYS = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('SseParser', () => {
  it('reads id, event and data fields ending with a blank line, as aiohttp-sse writes them (CRLF)', () => {
    const parser = new SseParser();
    const events = parser.feed(
      'id: m1.1\r\nevent: session_started\r\ndata: {"sessionName":"s"}\r\n\r\n' +
        'id: m1.2\r\nevent: kernel_started\r\ndata: {}\r\n\r\n',
    );
    expect(events).to.deep.equal([
      { id: 'm1.1', event: 'session_started', data: '{"sessionName":"s"}' },
      { id: 'm1.2', event: 'kernel_started', data: '{}' },
    ]);
    expect(parser.lastEventId).to.equal('m1.2');
  });

  it('joins data lines, defaults the event to "message", keeps the last id, reads retry', () => {
    const parser = new SseParser();
    expect(parser.feed('data: one\ndata:two\nretry: 3000\n\nid: 7\ndata\n\n')).to.deep.equal([
      { id: '', event: 'message', data: 'one\ntwo', retry: 3000 },
      { id: '7', event: 'message', data: '' },
    ]);
    expect(parser.feed('data: x\n\n')).to.deep.equal([{ id: '7', event: 'message', data: 'x' }]);
  });

  it('hands comments to onComment, dispatches nothing for an event without data, ignores unknown fields', () => {
    const comments: string[] = [];
    const parser = new SseParser((text) => comments.push(text));
    expect(parser.feed(': ping\r\n\r\nevent: lonely\n\nfoo: bar\ndata: d\n\n')).to.deep.equal([
      { id: '', event: 'message', data: 'd' },
    ]);
    expect(comments).to.deep.equal(['ping']);
  });

  it('accepts any split of the stream: inside a field, between CR and LF, inside a UTF-8 character', () => {
    const wire = Buffer.from('id: 1\r\nevent: e\r\ndata: {"name":"세션"}\r\n\r\nid: 2\rdata: b\r\r');
    for (let cut = 1; cut < wire.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.feed(wire.subarray(0, cut)), ...parser.feed(wire.subarray(cut))];
      expect(events, `cut at ${cut}`).to.deep.equal([
        { id: '1', event: 'e', data: '{"name":"세션"}' },
        { id: '2', event: 'message', data: 'b' },
      ]);
    }
  });
});

describe('Client event streams (local SSE server)', () => {
  let server: Server;
  let endpoint: string;
  let requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  let respond: (response: ServerResponse, attempt: number) => void;

  beforeEach(async () => {
    requests = [];
    server = createServer((request, response) => {
      requests.push({ url: request.url ?? '', headers: request.headers });
      respond(response, requests.length);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const client = () => new Client(new ApiConfig({ endpoints: [endpoint], ...KEYS }));
  const stream = (response: ServerResponse, body: string, end: boolean) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    response.write(body);
    if (end) response.end();
  };

  it('signs the request, passes the filters and reconnects once with Last-Event-ID when the connection drops', async () => {
    respond = (response, attempt) => {
      if (attempt === 1) {
        stream(response, 'id: a.1\r\nevent: session_enqueued\r\ndata: {"sessionName":"s1"}\r\n\r\n', false);
        setImmediate(() => response.socket?.destroy());
      } else {
        stream(response, 'id: a.2\r\nevent: session_started\r\ndata: {"sessionName":"s1"}\r\n\r\n', false);
      }
    };
    const events = [];
    for await (const event of client().sessionEvents({ sessionName: 's1', scope: 'session' })) {
      events.push(event);
      if (events.length === 2) break;
    }
    expect(events).to.deep.equal([
      { id: 'a.1', event: 'session_enqueued', data: { sessionName: 's1' } },
      { id: 'a.2', event: 'session_started', data: { sessionName: 's1' } },
    ]);
    expect(requests.map((request) => request.url)).to.deep.equal([
      '/events/session?sessionName=s1&scope=session',
      '/events/session?sessionName=s1&scope=session',
    ]);
    expect(requests[0]!.headers.authorization).to.match(/^BackendAI signMethod=HMAC-SHA256, credential=AKIA/);
    expect(requests[0]!.headers.accept).to.equal('text/event-stream');
    expect(requests[0]!.headers['last-event-id']).to.equal(undefined);
    expect(requests[1]!.headers['last-event-id']).to.equal('a.1');
  });

  it('gives up with connection-lost after the one reconnection also drops', async () => {
    respond = (response) => stream(response, 'id: b.1\r\nevent: x\r\ndata: {}\r\n\r\n', true);
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of client().sessionEvents()) seen.push(event.id);
    })().catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(BackendClientError).with.property('reason', 'connection-lost');
    expect(seen).to.deep.equal(['b.1', 'b.1']);
    expect(requests).to.have.length(2);
  });

  it('throws the problem of a refused stream, and ends a background task at its terminal event', async () => {
    respond = (response) => {
      response.writeHead(404, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'https://api.backend.ai/probs/object-not-found', title: 'No such task' }),
      );
    };
    const refused = await client()
      .backgroundTaskEvents('3b9c1f8e-0000-4000-8000-000000000001')
      .next()
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(BackendAPIError).with.property('status', 404);

    respond = (response) =>
      stream(
        response,
        'id: 1\r\nevent: bgtask_updated\r\ndata: {"task_id":"t","current_progress":1,"total_progress":2}\r\n\r\n' +
          'id: 2\r\nevent: bgtask_done\r\ndata: {"task_id":"t","message":"ok"}\r\n\r\n' +
          'id: 3\r\nevent: server_close\r\ndata: {}\r\n\r\n',
        false,
      );
    const names: string[] = [];
    for await (const event of client().backgroundTaskEvents('t')) names.push(event.event);
    expect(names).to.deep.equal(['bgtask_updated', 'bgtask_done']);
    expect(requests[requests.length - 1]!.url).to.equal('/events/background-task?taskId=t');
  });
});
