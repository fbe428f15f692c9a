import { expect } from 'chai';
import { ClusterSecret } from '@tessera/agent-rpc-http';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';
import { InProcessLockService } from '@tessera/lock-embedded';
import { RecordingLogger } from '../../support/recording-logger';
import { tesseraFailure } from '../../support/tessera-failure';

const KEY = 'agent-rpc/secret';

/** The embedded store, counting puts of the secret key. */
class CountingStore extends FileBackedConfigStore {
  puts = 0;
  constructor() {
    super(null);
  }
  override async put(key: string, value: string): Promise<void> {
    if (key === KEY) this.puts++;
    await super.put(key, value);
  }
}

describe('agent-rpc-http: where the cluster secret comes from', () => {
  let log: RecordingLogger;
  let store: CountingStore;
  const opened: ClusterSecret[] = [];
  const open = async (options: Partial<Parameters<typeof ClusterSecret.open>[0]> = {}) => {
    const secret = await ClusterSecret.open({ key: KEY, graceMs: 60_000, store, log, ...options });
    opened.push(secret);
    return secret;
  };

  beforeEach(() => {
    log = new RecordingLogger();
    store = new CountingStore();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((secret) => secret.close()));
  });

  it('generates 32 random bytes (hex) when the key is absent, stores them, and never logs them', async () => {
    const secret = await open();
    expect(secret.source).to.equal('config-store');
    expect(secret.signing.current).to.match(/^[0-9a-f]{64}$/);
    expect(await store.get(KEY)).to.equal(secret.signing.current);
    expect(JSON.stringify(log.lines)).not.to.contain(secret.signing.current);
    expect(log.messages('info')).to.include(
      'generated the cluster agent RPC secret and stored it in the config store',
    );
  });

  it('reads the secret another process stored', async () => {
    await store.put(KEY, 's'.repeat(40));
    const secret = await open();
    expect(secret.signing.current).to.equal('s'.repeat(40));
    expect(store.puts).to.equal(1);
  });

  it('lets the plugin config win: the store is then not read, nor written', async () => {
    await store.put(KEY, 's'.repeat(40));
    const secret = await open({ configured: 'c'.repeat(32) });
    expect(secret.source).to.equal('config');
    expect(secret.signing.current).to.equal('c'.repeat(32));
    await store.put(KEY, 't'.repeat(40));
    expect(secret.signing.current).to.equal('c'.repeat(32));
  });

  it('refuses to start without a configured secret and without a config store', async () => {
    const failure = await tesseraFailure(open({ store: undefined }));
    expect(failure.code).to.equal('config-invalid');
    expect(failure.message).to.contain('"secret"').and.contain('agent-rpc/secret');
  });

  it('refuses a stored secret shorter than 32 characters, naming the key but not the value', async () => {
    await store.put(KEY, 'short-secret');
    const failure = await tesseraFailure(open());
    expect(failure.code).to.equal('config-invalid');
    expect(failure.message).to.contain(KEY).and.not.contain('short-secret');
  });

  it('with a lock service, exactly one of several processes starting at once generates it', async () => {
    const locks = new InProcessLockService();
    const secrets = await Promise.all([1, 2, 3, 4].map(() => open({ locks })));
    expect(new Set(secrets.map((secret) => secret.signing.current)).size).to.equal(1);
    expect(store.puts).to.equal(1);
  });

  it('without a lock service, processes starting at once still end with the value the store keeps', async () => {
    const secrets = await Promise.all([1, 2, 3].map(() => open()));
    const kept = await store.get(KEY);
    expect(secrets.map((secret) => secret.signing.current)).to.deep.equal([kept, kept, kept]);
  });

  it('follows a change of the key, still accepting the replaced secret, and keeps its secret on a delete', async () => {
    const secret = await open();
    const first = secret.signing.current;
    await store.put(KEY, 'n'.repeat(40));
    expect(secret.signing.current).to.equal('n'.repeat(40));
    expect(secret.signing.accepted()).to.deep.equal(['n'.repeat(40), first]);
    await store.put(KEY, 'too-short');
    expect(secret.signing.current).to.equal('n'.repeat(40));
    await store.delete(KEY);
    expect(secret.signing.current).to.equal('n'.repeat(40));
    expect(log.messages('error')).to.deep.equal([
      'ignoring an agent RPC secret shorter than 32 characters written to the config store',
    ]);
    expect(log.messages('warn')).to.have.length(1);
    await secret.close();
    await store.put(KEY, 'm'.repeat(40));
    expect(secret.signing.current).to.equal('n'.repeat(40));
  });
});
