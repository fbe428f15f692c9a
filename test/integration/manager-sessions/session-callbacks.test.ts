import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { eventually } from '../manager/support/manager-deployment';
import {
  ALICE,
  bootGraphQLManager,
  createSession,
  signedCall,
  statusReached,
} from '../manager/graphql-harness';

/** A loopback HTTP server that keeps every JSON body POSTed to it. */
class CallbackReceiver {
  readonly received: Array<{ path: string; body: Record<string, unknown> }> = [];
  private readonly server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      this.received.push({ path: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  events(sessionId: string): string[] {
    return this.received
      .filter((r) => r.body['session_id'] === sessionId)
      .map((r) => r.body['event'] as string);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('manager: a session’s bootstrap script and lifecycle callbacks', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let receiver: CallbackReceiver;
  let base: string;

  before(async () => {
    deployment = await bootGraphQLManager();
    receiver = new CallbackReceiver();
    base = await receiver.listen();
  });
  after(async () => {
    await deployment?.stop();
    await receiver?.close();
  });

  it('POSTs each lifecycle event to the callback URL once, with Backend.AI’s body', async () => {
    const sessionId = await createSession(deployment, ALICE, 'with-callback', {
      callback_url: `${base}/hooks/session?token=secret`,
    });
    await statusReached(deployment, sessionId, 'RUNNING');
    await eventually(() => receiver.events(sessionId).includes('started'), 'the started callback');
    expect(
      (await signedCall(deployment.endpoint, ALICE, 'DELETE', '/session/with-callback')).status,
    ).to.equal(204);
    await eventually(() => receiver.events(sessionId).includes('terminated'), 'the terminated callback');
    await deployment.bus.drain();

    const events = receiver.events(sessionId);
    for (const name of ['enqueued', 'scheduled', 'preparing', 'started', 'terminated'])
      expect(
        events.filter((e) => e === name),
        name,
      ).to.have.length(1);
    const first = receiver.received.find((r) => r.body['session_id'] === sessionId)!;
    expect(first.path).to.equal('/hooks/session?token=secret');
    expect(first.body).to.have.all.keys('type', 'event', 'session_id', 'when');
    expect(first.body['type']).to.equal('session_lifecycle');
    expect(Number.isNaN(Date.parse(first.body['when'] as string))).to.equal(false);
  });

  it('sends nothing for a session without a callback URL', async () => {
    const before = receiver.received.length;
    const sessionId = await createSession(deployment, ALICE, 'no-callback');
    await statusReached(deployment, sessionId, 'RUNNING');
    await deployment.bus.drain();
    expect(receiver.received.length).to.equal(before);
  });

  it('hands the bootstrap script to the agent with each kernel’s spec, and keeps it on the session', async () => {
    const script = '#!/bin/sh\necho prepared > /home/work/ready\n';
    const sessionId = await createSession(deployment, ALICE, 'with-bootstrap', { bootstrap_script: script });
    await statusReached(deployment, sessionId, 'RUNNING');
    const specs = deployment.agent.created.flat().filter((spec) => spec.sessionId === sessionId);
    expect(specs.map((spec) => spec.bootstrapScript)).to.deep.equal([script]);
    expect((await deployment.db.sessions.get(sessionId))!.bootstrapScript).to.equal(script);
  });

  it('refuses a callback URL that is not http(s), naming the field, and creates nothing', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/session', {
      image: 'python',
      clientSessionToken: 'bad-callback',
      callback_url: 'file:///etc/passwd',
    });
    expect(answer.status).to.equal(400);
    expect(String(answer.body['title'])).to.match(/callback_url/);
    expect(await deployment.db.sessions.findActiveByName(ALICE.accessKey, 'bad-callback')).to.equal(null);
  });
});
