import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../unit/cli/support/run-built-cli';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const CHECKED_IN = join(ROOT, 'docs', 'graphql', 'schema.graphql');

/**
 * `tessera graphql schema` against the all-in-one deployment: the checked-in SDL must be what the
 * manager serves, so a change to any plugin's GraphQL types shows in review (this test fails until
 * docs/graphql/schema.graphql is regenerated).
 */
describe('tessera graphql schema: the checked-in SDL', function () {
  this.timeout(60_000);
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'tessera-graphql-schema-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('is the schema the all-in-one manager serves (regenerate: tessera graphql schema -o docs/graphql/schema.graphql)', async () => {
    const result = await runCli(['graphql', 'schema', '--check', CHECKED_IN], { cwd: ROOT });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('is up to date');
  });

  it('prints the same SDL, with the identity and session areas, and reports a stale copy', async () => {
    const printed = await runCli(['graphql', 'schema'], { cwd: ROOT });
    expect(printed.code, printed.stderr).to.equal(0);
    expect(printed.stdout).to.equal(readFileSync(CHECKED_IN, 'utf8'));
    for (const field of ['compute_session_list(', 'user_list(', 'create_user(', 'keypair_resource_policies'])
      expect(printed.stdout).to.include(field);

    const stale = join(work, 'schema.graphql');
    writeFileSync(stale, printed.stdout.replace('create_user(', 'create_person('));
    const check = await runCli(['graphql', 'schema', '--check', stale], { cwd: ROOT });
    expect(check.code).to.equal(1);
    expect(check.stderr).to.include('is stale').and.to.include('tessera graphql schema -o');
  });

  it('names a manifest that runs no manager', async () => {
    const result = await runCli(
      ['graphql', 'schema', '--manifest', join(ROOT, 'manifests', 'cluster', 'agent.yaml')],
      { cwd: ROOT, env: { TESSERA_DATA_DIR: work } },
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/runs no manager/);
  });
});
