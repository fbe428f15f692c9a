import { expect } from 'chai';
import { TesseraError, type ServicePort } from '@tessera/core';
import { ServiceStarter } from '@tessera/agent';
import { ScriptedRunner } from './scripted-runner';

const PORTS: ServicePort[] = [
  { name: 'jupyter', protocol: 'http', containerPorts: [8090], hostPorts: [30001], isInference: false },
  { name: 'tensorboard', protocol: 'http', containerPorts: [6006], hostPorts: [30002], isInference: false },
];

/** The request id of the last shutdown-service the runner was sent. */
function lastRequestId(runner: ScriptedRunner): string {
  const message = runner.sent.at(-1)!;
  expect(message.op).to.equal('shutdown-service');
  return (message.data as { requestId: string }).requestId;
}

async function rejection(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a rejection');
}

describe('agent: shutdown-service through the kernel runner', () => {
  it("sends shutdown-service with a request id and answers the runner's stopped or not-running", async () => {
    const runner = new ScriptedRunner();
    const services = new ServiceStarter(runner);
    const stopping = services.stop('jupyter', PORTS);
    const requestId = lastRequestId(runner);
    expect(runner.sent.at(-1)!.data).to.deep.equal({ requestId, service: 'jupyter' });
    runner.emit('service-stopped', { requestId: 'someone-else', status: 'not-running' });
    runner.emit('service-stopped', { requestId, status: 'stopped' });
    expect(await stopping).to.deep.equal({ status: 'stopped' });

    const again = services.stop('jupyter', PORTS);
    runner.emit('service-stopped', { requestId: lastRequestId(runner), status: 'not-running' });
    expect(await again).to.deep.equal({ status: 'not-running' });
  });

  it('refuses a service the kernel does not declare, naming it and the ones it has, without asking the runner', async () => {
    const runner = new ScriptedRunner();
    const error = await rejection(new ServiceStarter(runner).stop('vscode', PORTS));
    expect(error.code).to.equal('object-not-found');
    expect(error.message).to.equal('The kernel has no service "vscode" (its services: jupyter, tensorboard)');
    expect(runner.sent).to.deep.equal([]);
  });

  it("fails with the runner's reason, when the runner does not answer in time, and when it is gone", async () => {
    const runner = new ScriptedRunner();
    const services = new ServiceStarter(runner, 30_000, 50);
    const failing = services.stop('jupyter', PORTS);
    runner.emit('service-stopped', { requestId: lastRequestId(runner), status: 'failed', error: 'boom' });
    const failed = await rejection(failing);
    expect(failed.code).to.equal('internal-error');
    expect(failed.message).to.equal('The kernel runner could not stop jupyter: boom');

    const silent = await rejection(services.stop('jupyter', PORTS));
    expect(silent.code).to.equal('kernel-not-running');
    expect(silent.message).to.equal('The kernel runner did not stop jupyter in time');

    runner.close();
    expect((await rejection(services.stop('jupyter', PORTS))).code).to.equal('kernel-not-running');
  });
});
