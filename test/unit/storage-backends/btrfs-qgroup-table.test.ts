import { expect } from 'chai';
import { parseQgroupTable } from '@tessera/storage-backend-btrfs';

// Recorded from btrfs-progs 6.2 (`btrfs qgroup show --raw -re`) on a loop-mounted test image.
const PROGS_6 = `Qgroupid    Referenced    Exclusive  Max referenced  Max exclusive   Path 
--------    ----------    ---------  --------------  -------------   ---- 
0/5              16384        16384            none           none   <toplevel>
0/256           983040        16384         1000000           none   s1
0/257           983040        16384         1000000           none   s2
1/1             999424       999424            none           none   <0 member qgroups>
1/2                  0            0         5000000           none   <0 member qgroups>
`;

// Older btrfs-progs (5.x) print no Path column.
const PROGS_5 = `qgroupid         rfer         excl     max_rfer     max_excl 
--------         ----         ----     --------     -------- 
0/5             16384        16384         none         none 
0/258         1064960      1064960      4194304         none 
`;

describe('btrfs qgroup table', () => {
  it('reads bytes and limits of every qgroup, with or without the path column', () => {
    const table = parseQgroupTable(PROGS_6);
    expect([...table.keys()]).to.deep.equal(['0/5', '0/256', '0/257', '1/1', '1/2']);
    expect(table.get('0/256')).to.deep.equal({
      referenced: 983040,
      exclusive: 16384,
      maxReferenced: 1000000,
      maxExclusive: null,
    });
    expect(table.get('1/2')).to.deep.equal({
      referenced: 0,
      exclusive: 0,
      maxReferenced: 5000000,
      maxExclusive: null,
    });
    expect(parseQgroupTable(PROGS_5).get('0/258')).to.deep.equal({
      referenced: 1064960,
      exclusive: 1064960,
      maxReferenced: 4194304,
      maxExclusive: null,
    });
  });

  it('ignores headers, rules, warnings and blank output', () => {
    expect(parseQgroupTable('WARNING: qgroup data inconsistent, rescan recommended\n').size).to.equal(0);
    expect(parseQgroupTable('').size).to.equal(0);
  });
});
