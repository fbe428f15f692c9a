import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_VERSIONS, CORE_VERSION } from '@tessera/core';
import { expectSuccess, npm, scratchInRepo, tessera } from './support/scaffold';

describe('tessera plugin new accelerator', function () {
  this.timeout(180_000);
  let scratch: { dir: string; remove(): void };

  before(() => {
    scratch = scratchInRepo('plugin-new');
  });
  after(() => scratch?.remove());

  it('writes a package that builds and passes the core conformance suite as generated', async () => {
    const created = expectSuccess(
      'tessera plugin new',
      await tessera(['plugin', 'new', 'accelerator', '@vendor/tessera-npu', '--dir', 'npu'], scratch.dir),
    );
    expect(created.stdout).to.include('created @vendor/tessera-npu');
    const dir = join(scratch.dir, 'npu');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      tessera: Record<string, unknown>;
      peerDependencies: Record<string, string>;
    };
    expect(pkg.name).to.equal('@vendor/tessera-npu');
    expect(pkg.tessera).to.include({
      kind: 'accelerator',
      name: 'npu',
      contract: `accelerator/v${CONTRACT_VERSIONS.accelerator}`,
      core: `^${CORE_VERSION}`,
      configSchema: 'config.schema.json',
    });
    expect(pkg.peerDependencies).to.deep.equal({ '@tessera/core': `^${CORE_VERSION}` });
    for (const file of ['README.md', 'tsconfig.json', 'src/accelerator.ts', 'test/conformance.test.ts'])
      expect(existsSync(join(dir, file)), file).to.equal(true);

    const tested = expectSuccess('npm test', await npm(['test'], dir));
    expect(tested.stdout).to.include('accelerator/v1 conformance: @vendor/tessera-npu');
    expect(tested.stdout).to.match(/\d+ passing/);
    expect(tested.stdout).to.not.match(/failing/);
  });

  it('defaults the folder to the name without its scope', async () => {
    expectSuccess(
      'tessera plugin new',
      await tessera(['plugins', 'new', 'accelerator', 'tessera-xpu'], scratch.dir),
    );
    const pkg = JSON.parse(readFileSync(join(scratch.dir, 'tessera-xpu', 'package.json'), 'utf8')) as {
      tessera: { id: string; name: string };
    };
    expect(pkg.tessera).to.include({ id: 'accelerator-xpu', name: 'xpu' });
  });

  it('refuses a folder that exists and is not empty, and writes nothing into it', async () => {
    const occupied = join(scratch.dir, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'mine\n');
    const refused = await tessera(
      ['plugin', 'new', 'accelerator', '@vendor/npu', '--dir', 'occupied'],
      scratch.dir,
    );
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.equal(
      `tessera: ${occupied} exists and is not empty; choose another folder with --dir\n`,
    );
    expect(readdirSync(occupied)).to.deep.equal(['notes.txt']);
  });

  it('refuses a name npm would not publish, naming the problem', async () => {
    const cases: Array<[string, string]> = [
      ['@Vendor/NPU', 'it has upper-case letters; npm package names are lower case'],
      ['vendor npu', 'the name has the character " "; use lower-case letters, digits, "-", ".", "_" or "~"'],
      ['_npu', 'the name starts with "_"'],
      ['@vendor/', 'the name after the scope is empty'],
      ['fs', '"fs" is a Node.js core module or a reserved name'],
    ];
    for (const [name, problem] of cases) {
      const refused = await tessera(['plugin', 'new', 'accelerator', name, '--dir', 'bad'], scratch.dir);
      expect(refused.status, name).to.equal(2);
      expect(refused.stderr, name).to.equal(
        `tessera: "${name}" is not a valid npm package name: ${problem}\n`,
      );
    }
    expect(existsSync(join(scratch.dir, 'bad'))).to.equal(false);
  });

  it('refuses a name without a usable device key unless --key gives one, and a bad --key', async () => {
    const refused = await tessera(
      ['plugin', 'new', 'accelerator', '@vendor/tessera-9x', '--dir', 'k'],
      scratch.dir,
    );
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.include('cannot derive a device key from "@vendor/tessera-9x"');
    expect(refused.stderr).to.include('give one with --key');
    const badKey = await tessera(
      ['plugin', 'new', 'accelerator', '@vendor/tessera-9x', '--dir', 'k', '--key', 'Nine'],
      scratch.dir,
    );
    expect(badKey.status).to.equal(2);
    expect(badKey.stderr).to.include('--key "Nine" is not a device key');
    expectSuccess(
      'tessera plugin new --key',
      await tessera(
        ['plugin', 'new', 'accelerator', '@vendor/tessera-9x', '--dir', 'k', '--key', 'nine'],
        scratch.dir,
      ),
    );
    expect(readFileSync(join(scratch.dir, 'k', 'src', 'accelerator.ts'), 'utf8')).to.include(
      "const DEVICE_SLOT = 'nine.device';",
    );
  });

  it('refuses a kind it cannot scaffold', async () => {
    const refused = await tessera(['plugin', 'new', 'scheduler', '@vendor/sched'], scratch.dir);
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.equal(
      'tessera: cannot scaffold a plugin of kind "scheduler"; supported: accelerator\n',
    );
  });
});
