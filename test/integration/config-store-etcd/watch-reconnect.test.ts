import { expect } from 'chai';
import { createLogger, type ConfigWatchEvent, type HealthReport } from '@tessera/core';
import { EtcdConfigStore, WatchHealth } from '@tessera/config-store-etcd';
import { eventually } from '../../support/eventually';
import { CuttableLink } from './cuttable-link';
import { PrivateEtcd } from './private-etcd';

const silent = createLogger({ level: 'silent' });

/** Waits after a cut or a restart allow for etcd3's reconnect back-off. */
const RECONNECT_WAIT_MS = 10_000;

function storeAt(url: string, health?: WatchHealth): EtcdConfigStore {
  return new EtcdConfigStore(
    { endpoints: [url], namespace: 'reconnect', requestTimeoutMs: 2000 },
    silent,
    health,
  );
}

/** Watches on a private etcd that the tests cut off and restart; the halfstack etcd is not touched. */
describe('config-store-etcd: watches survive losing etcd (private etcd)', function () {
  this.timeout(60_000);
  let etcd: PrivateEtcd;
  let writer: EtcdConfigStore;
  before(async () => {
    etcd = await PrivateEtcd.start();
  });
  after(async () => etcd?.remove());
  beforeEach(async () => {
    writer = storeAt(etcd.url);
    await writer.connect();
    await writer.deletePrefix('');
  });
  afterEach(async () => writer?.close());

  it('replays every change made while its link to etcd was cut, once each and in order', async () => {
    const link = await CuttableLink.open(etcd.clientPort);
    const reports: HealthReport[] = [];
    const watcherStore = storeAt(link.url, new WatchHealth(silent, (report) => reports.push(report)));
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('config/', (event) => events.push(event));
      await writer.put('config/a', '1');
      await eventually(() => events.length === 1, 'the first change arrives', RECONNECT_WAIT_MS);

      link.sever();
      await eventually(
        () => reports.some((report) => report.status === 'degraded'),
        'the store reports the watch disconnected',
        RECONNECT_WAIT_MS,
      );
      await writer.put('config/b', '2');
      await writer.put('config/a', '3');
      await writer.put('other/x', 'not watched');
      await writer.deletePrefix('config/');
      await writer.put('config/c', '4');
      expect(events).to.have.length(1, 'nothing arrives while the link is cut');

      link.mend();
      await eventually(() => events.length === 6, 'the replay arrives', RECONNECT_WAIT_MS);
      await writer.put('config/d', '5');
      // Changes arrive in revision order: once config/d, the newest write, is here, so is everything
      // the watch delivers before it, and a change delivered twice would show in the list below.
      await eventually(
        () => events.some((event) => event.key === 'config/d'),
        'a later change arrives',
        RECONNECT_WAIT_MS,
      );
      // One delete event per key of the deleted range, in key order, all at one revision.
      expect(events).to.deep.equal([
        { type: 'put', key: 'config/a', value: '1' },
        { type: 'put', key: 'config/b', value: '2' },
        { type: 'put', key: 'config/a', value: '3' },
        { type: 'delete', key: 'config/a', value: null },
        { type: 'delete', key: 'config/b', value: null },
        { type: 'put', key: 'config/c', value: '4' },
        { type: 'put', key: 'config/d', value: '5' },
      ]);
      expect(reports.at(-1)).to.deep.equal({ status: 'ok' });
    } finally {
      await watcherStore.close();
      await link.close();
    }
  });

  it('loses nothing when the link breaks again between reconnecting and the replay', async () => {
    // etcd answers a resumed watch with "created" at once and replays the missed changes up to
    // 100 ms later. etcd3 alone would take the resume point from that "created" answer, so a
    // second break in between would skip the changes not yet replayed.
    const link = await CuttableLink.open(etcd.clientPort);
    const reports: HealthReport[] = [];
    let breakOnReconnect = false;
    let mendOnDisconnect = false;
    const health = new WatchHealth(silent, (report) => {
      reports.push(report);
      if (report.status === 'ok' && breakOnReconnect) {
        breakOnReconnect = false;
        mendOnDisconnect = true;
        link.sever();
      } else if (report.status === 'degraded' && mendOnDisconnect) {
        // The watch saw the second break: let it come back.
        mendOnDisconnect = false;
        link.mend();
      }
    });
    const watcherStore = storeAt(link.url, health);
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('config/', (event) => events.push(event));
      await writer.put('config/a', '1');
      await eventually(() => events.length === 1, 'the first change arrives', RECONNECT_WAIT_MS);
      link.sever();
      await eventually(
        () => reports.some((report) => report.status === 'degraded'),
        'the watch is disconnected',
        RECONNECT_WAIT_MS,
      );
      await writer.put('config/b', '2');
      await writer.put('config/c', '3');
      breakOnReconnect = true;
      link.mend();
      await eventually(
        () => reports.filter((r) => r.status === 'ok').length === 2,
        'the watch reconnected twice',
        RECONNECT_WAIT_MS,
      );
      await writer.put('config/d', '4');
      await eventually(
        () => events.some((event) => event.key === 'config/d'),
        'the last change arrives',
        RECONNECT_WAIT_MS,
      );
      // In revision order, as above: a change lost or repeated across the second break shows here.
      expect(events.map((event) => `${event.key}=${event.value}`)).to.deep.equal([
        'config/a=1',
        'config/b=2',
        'config/c=3',
        'config/d=4',
      ]);
    } finally {
      await watcherStore.close();
      await link.close();
    }
  });

  it('keeps watching and keeps its ephemeral key across an etcd restart', async () => {
    const watcherStore = storeAt(etcd.url);
    try {
      await watcherStore.connect();
      const events: ConfigWatchEvent[] = [];
      await watcherStore.watchPrefix('nodes/', (event) => events.push(event));
      const registration = await watcherStore.putEphemeral('nodes/manager/i-1', 'up', 5000);
      await eventually(() => events.length === 1, 'the registration is seen', RECONNECT_WAIT_MS);

      await etcd.stop();
      await etcd.start();
      const restartedWriter = storeAt(etcd.url);
      await restartedWriter.connect();
      try {
        await restartedWriter.put('nodes/agents/i-2/ip', '10.0.0.2');
        await eventually(
          () => events.length === 2,
          'the change made after the restart arrives',
          RECONNECT_WAIT_MS,
        );
        expect(await restartedWriter.get('nodes/manager/i-1')).to.equal('up');
        expect(registration.lost.aborted).to.equal(false);
        await registration.revoke();
        await eventually(() => events.length === 3, 'the revoke is seen', RECONNECT_WAIT_MS);
      } finally {
        await restartedWriter.close();
      }
      expect(events).to.deep.equal([
        { type: 'put', key: 'nodes/manager/i-1', value: 'up' },
        { type: 'put', key: 'nodes/agents/i-2/ip', value: '10.0.0.2' },
        { type: 'delete', key: 'nodes/manager/i-1', value: null },
      ]);
    } finally {
      await watcherStore.close();
    }
  });

  it('says an ephemeral key is lost when etcd stays away longer than its ttl, and etcd deletes it', async () => {
    const link = await CuttableLink.open(etcd.clientPort);
    const holder = storeAt(link.url);
    try {
      await holder.connect();
      const registration = await holder.putEphemeral('nodes/storage/s-1', 'up', 1000);
      link.sever();
      await eventually(() => registration.lost.aborted, 'the holder learns the key is lost', 15_000);
      await eventually(
        async () => (await writer.get('nodes/storage/s-1')) === null,
        'etcd deletes the key',
        15_000,
      );
    } finally {
      await holder.close();
      await link.close();
    }
  });
});
