import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigManifest } from '@tessera/cli';

describe('tessera config: default manifest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-manifests-'));
    mkdirSync(join(dir, 'manifests'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the embedded all-in-one manifest when there is no halfstack manifest', () => {
    expect(defaultConfigManifest(dir)).to.equal(join('manifests', 'all-in-one.yaml'));
  });

  it('uses manifests/halfstack.yaml (the cluster on etcd) when it exists', () => {
    writeFileSync(join(dir, 'manifests', 'halfstack.yaml'), 'name: halfstack\n');
    expect(defaultConfigManifest(dir)).to.equal(join('manifests', 'halfstack.yaml'));
  });
});
