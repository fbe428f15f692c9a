import { expect } from 'chai';
import { mountOf, parseMountInfo, parseQuotaReport } from '@tessera/storage-backend-xfs';

// As xfs_quota prints `report -p -b -i -n -N`: `#%-10u`, then for blocks (KiB) and inodes
// ` %10llu %10llu %10llu     %02d %9s` (used, soft, hard, warnings, grace).
const REPORT = [
  '#0                   0          0          0     00 [--------]          3          0          0     00 [--------]',
  '#10000            1024          0       4096     00 [--------]          5          0          0     00 [--------]',
  '#10001            8192          0       4096     00  [7 days]          2          0          0     00 [--------]',
  '',
].join('\n');

describe('xfs quota report and mount table', () => {
  it('reads bytes, hard limits and inodes of each project', () => {
    const report = parseQuotaReport(REPORT);
    expect(report.get(0)).to.deep.equal({ usedBytes: 0, hardLimitBytes: null, inodes: 3 });
    expect(report.get(10000)).to.deep.equal({
      usedBytes: 1024 * 1024,
      hardLimitBytes: 4096 * 1024,
      inodes: 5,
    });
    expect(report.get(10001)).to.deep.equal({
      usedBytes: 8192 * 1024,
      hardLimitBytes: 4096 * 1024,
      inodes: 2,
    });
    expect(parseQuotaReport('xfs_quota: cannot setup path for mount /x\n').size).to.equal(0);
  });

  it('finds the mount holding a path, its filesystem and its quota options', () => {
    const table = parseMountInfo(
      [
        '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard',
        '95 22 7:1 / /srv/vol rw,relatime shared:50 - xfs /dev/loop1 rw,attr2,inode64,logbufs=8,logbsize=32k,prjquota',
        '96 22 7:2 / /srv/vol\\040two rw,relatime - xfs /dev/loop2 rw,attr2,inode64,noquota',
      ].join('\n'),
    );
    expect(mountOf(table, '/srv/vol/data')).to.include({ mountPoint: '/srv/vol', filesystem: 'xfs' });
    expect(mountOf(table, '/srv/vol/data')!.superOptions).to.include('prjquota');
    expect(mountOf(table, '/srv/vol two')).to.include({ mountPoint: '/srv/vol two', source: '/dev/loop2' });
    expect(mountOf(table, '/srv/volume')).to.include({ mountPoint: '/', filesystem: 'ext4' });
  });
});
