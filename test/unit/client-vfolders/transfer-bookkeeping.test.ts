import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackendClientError,
  defaultTransferStateDir,
  FileTransferStateStore,
  overrideStorageProxyUrl,
  parseStorageProxyAddressMap,
  redactTokens,
  transferKey,
  withToken,
  type UploadState,
} from '@tessera/client';

describe('storage-proxy address overrides (BACKEND_OVERRIDE_STORAGE_PROXY)', () => {
  it('parses FROM=TO pairs, ignoring blanks; nothing given is an empty map', () => {
    const map = parseStorageProxyAddressMap(' http://a:6021=http://b:80 , http://c:1/upload=http://d:2/up,');
    expect([...map]).to.deep.equal([
      ['http://a:6021', 'http://b:80'],
      ['http://c:1/upload', 'http://d:2/up'],
    ]);
    expect(parseStorageProxyAddressMap(undefined).size).to.equal(0);
    expect(parseStorageProxyAddressMap('  ').size).to.equal(0);
  });

  for (const bad of ['http://a', '=http://b', 'http://a=', 'x=y,oops']) {
    it(`refuses "${bad}", naming the variable and the item`, () => {
      expect(() => parseStorageProxyAddressMap(bad, 'SORNA_OVERRIDE_STORAGE_PROXY'))
        .to.throw(BackendClientError)
        .with.property('message')
        .that.match(/^SORNA_OVERRIDE_STORAGE_PROXY must be a comma-separated list of FROM=TO addresses/)
        .and.include(`got "${bad.includes(',') ? 'oops' : bad}"`);
    });
  }

  it('rewrites an exact URL (upstream) or the longest matching prefix; no map leaves URLs alone', () => {
    const map = parseStorageProxyAddressMap(
      'http://10.0.0.5:6021=https://storage.example.com/,http://10.0.0.5:6021/download=http://mirror:9/dl,http://10.0.0.5:6021/up=http://never',
    );
    expect(overrideStorageProxyUrl('http://10.0.0.5:6021/upload', map)).to.equal(
      'https://storage.example.com/upload',
    );
    expect(overrideStorageProxyUrl('http://10.0.0.5:6021/download', map)).to.equal('http://mirror:9/dl');
    expect(overrideStorageProxyUrl('http://10.0.0.5:6021', map), 'exact: as given').to.equal(
      'https://storage.example.com/',
    );
    expect(overrideStorageProxyUrl('http://x:1/upload', new Map())).to.equal('http://x:1/upload');
  });

  it('with a map given, a URL nothing matches is an error (a port is not a prefix of a longer port)', () => {
    const map = parseStorageProxyAddressMap('http://10.0.0.5:60=http://b');
    expect(() => overrideStorageProxyUrl('http://10.0.0.5:6021/upload', map)).to.throw(
      'storage-proxy addresses are overridden (BACKEND_OVERRIDE_STORAGE_PROXY), but none matches http://10.0.0.5:6021/upload; known: http://10.0.0.5:60',
    );
  });

  it('withToken adds ?token= and keeps a query already there', () => {
    expect(withToken('http://p:1/upload', 'a.b+c')).to.equal('http://p:1/upload?token=a.b%2Bc');
    expect(withToken('http://p:1/upload?x=1', 't')).to.equal('http://p:1/upload?x=1&token=t');
  });

  it('redactTokens cuts every token out of a message quoting request URLs, and nothing else', () => {
    const message =
      'failed (method: HEAD, url: http://p:1/upload?token=eyJ.a-b_c.d, response code: n/a) and http://p:1/download?x=1&token=t2)';
    expect(redactTokens(message)).to.equal(
      'failed (method: HEAD, url: http://p:1/upload?token=<redacted>, response code: n/a) and http://p:1/download?x=1&token=<redacted>)',
    );
    expect(redactTokens('connect ECONNREFUSED 127.0.0.1:6021')).to.equal(
      'connect ECONNREFUSED 127.0.0.1:6021',
    );
  });
});

describe('transfer state: what an interrupted transfer leaves for the next run', () => {
  let work: string;
  beforeEach(() => void (work = mkdtempSync(join(tmpdir(), 'tessera-transfer-state-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const upload: UploadState = {
    kind: 'upload',
    folder: 'data',
    remotePath: 'a.bin',
    localPath: '/tmp/a.bin',
    size: 10,
    mtimeMs: 1,
    url: 'http://p/upload',
    token: 'jwt',
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  it('keys are stable and change with any part (a changed file is another upload)', () => {
    const parts = ['http://m/', 'AK', 'data', 'a.bin', '/tmp/a.bin', 10, 1] as const;
    const key = transferKey('upload', parts);
    expect(key).to.match(/^upload-[0-9a-f]{40}$/);
    expect(transferKey('upload', [...parts])).to.equal(key);
    expect(transferKey('upload', [...parts.slice(0, 5), 11, 1])).to.not.equal(key);
    expect(transferKey('upload', [...parts.slice(0, 6), 2])).to.not.equal(key);
    expect(transferKey('download', parts)).to.not.equal(key);
  });

  it('is kept in files only the owner can read, written whole, and removed when done', async () => {
    const store = new FileTransferStateStore(join(work, 'transfers'));
    const key = transferKey('upload', ['x']);
    expect(await store.get(key)).to.equal(undefined);
    await store.set(key, upload);
    expect(await store.get(key)).to.deep.equal(upload);
    expect(readdirSync(store.directory)).to.deep.equal([`${key}.json`]);
    expect(statSync(join(store.directory, `${key}.json`)).mode & 0o777).to.equal(0o600);
    expect(statSync(store.directory).mode & 0o777).to.equal(0o700);
    await store.delete(key);
    await store.delete(key);
    expect(readdirSync(store.directory)).to.deep.equal([]);
  });

  it('an unreadable state is as if there were none (the transfer starts over)', async () => {
    const store = new FileTransferStateStore(work);
    const key = transferKey('upload', ['y']);
    writeFileSync(join(work, `${key}.json`), '{ half');
    expect(await store.get(key)).to.equal(undefined);
    const refused = await store.get('../../etc/passwd').catch((error: unknown) => error);
    expect((refused as Error).message).to.equal('not a transfer key: ../../etc/passwd');
  });

  it('lives next to the CLI login: TESSERA_CONFIG_DIR, XDG_CONFIG_HOME, then ~/.config', () => {
    expect(defaultTransferStateDir({ TESSERA_CONFIG_DIR: '/c', XDG_CONFIG_HOME: '/x' })).to.equal(
      '/c/transfers',
    );
    expect(defaultTransferStateDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).to.equal('/x/tessera/transfers');
    expect(defaultTransferStateDir({ HOME: '/h' })).to.equal('/h/.config/tessera/transfers');
  });
});
