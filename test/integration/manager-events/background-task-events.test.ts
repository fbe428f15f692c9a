import { expect } from 'chai';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import {
  ALICE,
  bootEventsManager,
  eventually,
  logsNamed,
  newTaskId,
  openStream,
  type Caller,
} from './support/events-deployment';
import { refusal, type SseClient } from './support/sse-client';

describe('manager-events: GET /events/background-task', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  const clients: SseClient[] = [];
  const open = async (caller: Caller, path: string, headers: Record<string, string> = {}) => {
    const client = await openStream(deployment, caller, path, headers);
    clients.push(client);
    return client;
  };
  const progress = (taskId: string, current: number, total: number, message: string | null = null) =>
    deployment.bus.publish(
      'bgtask_updated',
      { taskId, currentProgress: current, totalProgress: total, message },
      'manager:test',
    );

  beforeEach(async () => {
    deployment = await bootEventsManager();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await deployment?.stop();
  });

  it('streams progress up to done, then server_close, and ends the stream', async () => {
    const taskId = newTaskId();
    await progress(taskId, 0, 3, 'starting');
    const stream = await open(ALICE, `/events/background-task?taskId=${taskId}`);
    await stream.next('bgtask_updated');
    await progress(taskId, 1, 3, 'agent-1');
    await progress(taskId, 2, 3, 'agent-2');
    // The embedded bus keeps order per event name only; a producer's events follow one another.
    await deployment.bus.drain();
    await deployment.bus.publish('bgtask_done', { taskId, message: 'preloaded' }, 'manager:test');
    await stream.end();

    expect(stream.events.map((event) => event.event)).to.deep.equal([
      'bgtask_updated',
      'bgtask_updated',
      'bgtask_updated',
      'bgtask_done',
      'server_close',
    ]);
    expect(stream.events.map((event) => event.json['current_progress'])).to.deep.equal([
      0,
      1,
      2,
      undefined,
      undefined,
    ]);
    expect(stream.events[1]!.json).to.deep.equal({
      task_id: taskId,
      message: 'agent-1',
      current_progress: 1,
      total_progress: 3,
    });
    expect(stream.events[3]!.json).to.deep.equal({ task_id: taskId, message: 'preloaded' });
    expect(stream.events[4]!.data).to.equal('{}');
    expect(stream.events.slice(0, 4).map((event) => event.id)).to.deep.equal(['1', '2', '3', '4']);
  });

  it("gives a client that connects after the task ended its final state (Python SDK's task_id spelling)", async () => {
    const taskId = newTaskId();
    await progress(taskId, 5, 10);
    await deployment.bus.drain();
    await deployment.bus.publish(
      'bgtask_failed',
      { taskId, message: 'registry unreachable' },
      'manager:test',
    );
    const stream = await open(ALICE, `/events/background-task?task_id=${taskId}`);
    await stream.end();
    expect(stream.events.map((event) => event.event)).to.deep.equal(['bgtask_failed', 'server_close']);
    expect(stream.events[0]!.json).to.deep.equal({
      task_id: taskId,
      status: 'failed',
      message: 'registry unreachable',
      current_progress: 5,
      total_progress: 10,
    });

    const partial = newTaskId();
    await deployment.bus.publish(
      'bgtask_partial_success',
      { taskId: partial, message: '2 of 3', errors: ['agent-3: timeout'] },
      'manager:test',
    );
    const late = await open(ALICE, `/events/background-task?taskId=${partial}`);
    await late.end();
    expect(late.events[0]!.event).to.equal('bgtask_partial_success');
    expect(late.events[0]!.json).to.include({ status: 'partial_success' });
    expect(late.events[0]!.json['errors']).to.deep.equal(['agent-3: timeout']);
  });

  it('answers 404 for an unknown task and 400 for a malformed or missing task id', async () => {
    const unknown = await refusal(open(ALICE, `/events/background-task?taskId=${newTaskId()}`));
    expect(unknown.status).to.equal(404);
    expect(unknown.problem['type']).to.match(/object-not-found$/);
    const malformed = await refusal(open(ALICE, '/events/background-task?taskId=nope'));
    expect(malformed.status).to.equal(400);
    expect(malformed.body).to.contain('taskId');
    const missing = await refusal(open(ALICE, '/events/background-task'));
    expect(missing.status).to.equal(400);
    expect(missing.body).to.contain('taskId');
  });

  it('does not send again what a resuming client has seen', async () => {
    const taskId = newTaskId();
    await progress(taskId, 1, 2);
    const stream = await open(ALICE, `/events/background-task?taskId=${taskId}`, { 'Last-Event-ID': '1' });
    expect(stream.events).to.deep.equal([]);
    await deployment.bus.publish('bgtask_done', { taskId, message: null }, 'manager:test');
    await stream.end();
    expect(stream.events.map((event) => [event.id, event.event])).to.deep.equal([
      ['2', 'bgtask_done'],
      [null, 'server_close'],
    ]);
  });

  it("frees the task's listener when the client disconnects", async () => {
    const taskId = newTaskId();
    await progress(taskId, 0, 1);
    const stream = await open(ALICE, `/events/background-task?taskId=${taskId}`);
    await stream.next('bgtask_updated');
    stream.close();
    const closed = await eventually(
      () => logsNamed(deployment, 'background task event stream closed')[0] ?? false,
      'the stream to be closed on the server',
    );
    expect(closed).to.include({ taskId, taskStreams: 0, openStreams: 0 });
  });
});
