import { expect } from 'chai';
import { flattenConfig, normalizePrefix, relativeKey, unflattenConfig } from '@tessera/cli';

describe('config JSON import/export (the "" rule)', () => {
  it('nests keys into objects, keeping the value of a key that also has children under ""', () => {
    const tree = unflattenConfig([
      ['config/docker/registry/cr.backend.ai', 'https://cr.backend.ai'],
      ['config/docker/registry/cr.backend.ai/type', 'harbor2'],
      ['config/redis/addr', '127.0.0.1:8110'],
      ['volumes/_types/user', ''],
    ]);
    expect(JSON.parse(JSON.stringify(tree))).to.deep.equal({
      config: {
        docker: { registry: { 'cr.backend.ai': { '': 'https://cr.backend.ai', type: 'harbor2' } } },
        redis: { addr: '127.0.0.1:8110' },
      },
      volumes: { _types: { user: '' } },
    });
  });

  it('puts the value of the exported prefix itself under "" at the top, whatever the key order', () => {
    const tree = unflattenConfig([
      ['type', 'harbor2'],
      ['', 'https://cr.backend.ai'],
    ]);
    expect({ ...tree }).to.deep.equal({ '': 'https://cr.backend.ai', type: 'harbor2' });
    const childFirst = unflattenConfig([
      ['a/b', '2'],
      ['a', '1'],
    ]);
    expect(JSON.parse(JSON.stringify(childFirst))).to.deep.equal({ a: { '': '1', b: '2' } });
  });

  it('flattens a document under a prefix, "" meaning the prefix itself', () => {
    const document = { '': 'https://cr.backend.ai', type: 'harbor2', project: 'stable,community' };
    expect(flattenConfig(document, 'config/docker/registry/cr.backend.ai/')).to.deep.equal([
      ['config/docker/registry/cr.backend.ai', 'https://cr.backend.ai'],
      ['config/docker/registry/cr.backend.ai/type', 'harbor2'],
      ['config/docker/registry/cr.backend.ai/project', 'stable,community'],
    ]);
    expect(flattenConfig({ config: { idle: { enabled: 'timeout' } } }, '')).to.deep.equal([
      ['config/idle/enabled', 'timeout'],
    ]);
    expect(flattenConfig('just a value', 'config/system/timezone')).to.deep.equal([
      ['config/system/timezone', 'just a value'],
    ]);
  });

  it('stores numbers and booleans as their JSON text', () => {
    expect(flattenConfig({ overlay: { mtu: 1500 }, ssl_verify: false }, 'x')).to.deep.equal([
      ['x/overlay/mtu', '1500'],
      ['x/ssl_verify', 'false'],
    ]);
  });

  it('refuses null, arrays and an object under "", naming where', () => {
    expect(() => flattenConfig({ a: { b: null } }, '')).to.throw('"a/b": null has no config store form');
    expect(() => flattenConfig({ a: [1] }, '')).to.throw('"a": an array has no config store form');
    expect(() => flattenConfig({ a: { '': { b: '1' } } }, '')).to.throw('"a": the "" key holds the value');
    expect(() => flattenConfig(null, 'p')).to.throw('the top level');
  });

  it('round-trips an export through an import, and keeps a segment named __proto__ as data', () => {
    const entries: Array<[string, string]> = [
      ['config/docker/registry/cr.backend.ai', 'https://cr.backend.ai'],
      ['config/docker/registry/cr.backend.ai/type', 'harbor2'],
      ['config/plugins/__proto__/x', 'y'],
      ['nodes/manager/i-1', '10.0.0.1'],
    ];
    const exported = JSON.stringify(unflattenConfig(entries));
    expect(JSON.parse(exported).config.plugins.__proto__).to.deep.equal({ x: 'y' });
    expect(flattenConfig(JSON.parse(exported), '')).to.have.deep.members(entries);
  });

  it('treats prefixes as paths', () => {
    expect(normalizePrefix('/config/plugins/')).to.equal('config/plugins');
    expect(relativeKey('config/plugins', 'config/plugins')).to.equal('');
    expect(relativeKey('config/plugins/x/y', 'config/plugins')).to.equal('x/y');
    expect(relativeKey('config/pluginsx', 'config/plugins')).to.equal(undefined);
    expect(relativeKey('anything', '')).to.equal('anything');
  });
});
