import { join } from 'node:path';
import { expect } from 'chai';
import { CommandFailedError, runCommand } from '../../support/run-command';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const XFS_VM = join(REPO_ROOT, 'scripts', 'xfs-vm');
/** The suites that need a kernel enforcing XFS project quotas, as compiled. */
const SUITES = ['xfs-conformance.test.js', 'volume-refusals.test.js'].map((file) =>
  join('build', 'test', 'integration', 'storage-backends', file),
);
const KERNEL_QUOTA_TEST =
  'stops writes past a folder limit in the kernel, keeping what was written (kernelQuota)';

interface MochaJson {
  stats: { tests: number; passes: number; pending: number; failures: number };
  passes: Array<{ fullTitle: string }>;
  failures: Array<{ fullTitle: string; err: { message?: string } }>;
}

/** Mocha's JSON report in the VM's console output (after whatever the tests printed). */
function mochaReport(output: string): MochaJson {
  const start = output.indexOf('{\n  "stats"');
  const end = output.indexOf('\n}', start);
  if (start < 0 || end < 0) throw new Error(`no mocha report in the VM's output:\n${output.slice(-3000)}`);
  return JSON.parse(output.slice(start, end + 2)) as MochaJson;
}

/**
 * Where this machine's kernel lacks XFS quota support (built without CONFIG_XFS_QUOTA), the XFS suites
 * skip here; this runs them again in a VM booted on Debian's kernel (scripts/xfs-vm), which sees this
 * checkout read-only, and requires that every test ran there and passed.
 */
describe('storage-backend xfs in a VM whose kernel enforces project quotas (scripts/xfs-vm)', function () {
  this.timeout(20 * 60_000);

  before(async function () {
    const skip = (reason: string) => {
      console.log(`\n    SKIPPED the XFS suites in a VM: ${reason}\n`);
      this.skip();
    };
    if (process.getuid?.() !== 0) return skip('the VM mounts file systems as root; run as root');
    try {
      await runCommand(XFS_VM, ['host-has-xfs-quota']);
      return skip('this kernel enforces XFS project quotas itself: the suites run on it directly');
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
    }
    try {
      await runCommand(XFS_VM, ['status']);
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      return skip('the VM is not prepared: run scripts/xfs-vm prepare (as root)');
    }
  });

  it('passes the xfs conformance suite and the refusals there, the kernel-quota test included, none skipped', async () => {
    let output: string;
    try {
      const mocha = join('node_modules', 'mocha', 'bin', 'mocha.js');
      const args = ['run', '--cwd', REPO_ROOT, '--', 'node', mocha, '--config', '.mocharc.yml'];
      const result = await runCommand(
        XFS_VM,
        [...args, '--timeout', '120000', '--reporter', 'json', ...SUITES],
        {
          timeoutMs: 19 * 60_000,
        },
      );
      output = result.stdout;
    } catch (error) {
      if (error instanceof CommandFailedError) {
        // Failing tests make mocha exit non-zero: show which.
        const report = error.stdout.includes('"stats"') ? mochaReport(error.stdout) : null;
        const failed = report?.failures.map((test) => `${test.fullTitle}: ${test.err.message}`).join('\n');
        throw new Error(`${error.message}\n${failed ?? error.stdout.slice(-3000)}`);
      }
      throw error;
    }
    expect(output, 'a suite was skipped in the VM').to.not.include('SKIPPED');
    const report = mochaReport(output);
    expect(report.stats.failures).to.equal(0);
    expect(report.stats.pending, 'tests skipped in the VM').to.equal(0);
    expect(report.stats.passes).to.equal(report.stats.tests).and.be.at.least(19);
    expect(report.passes.map((test) => test.fullTitle)).to.satisfy((titles: string[]) =>
      titles.some((title) => title.endsWith(KERNEL_QUOTA_TEST)),
    );
  });
});
