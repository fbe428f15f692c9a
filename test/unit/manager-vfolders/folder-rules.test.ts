import { expect } from 'chai';
import { AccessPolicy } from '@tessera/manager';
import {
  binarySize,
  checkFolderName,
  fileMode,
  FOLDER_GRANT_NEEDED,
  holds,
  kernelPathOf,
  VFOLDER_ACCESS,
} from '@tessera/manager-vfolders';

const refusal = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('nothing was refused');
};

describe('manager-vfolders: folder names', () => {
  it('accepts slugs and one leading dot', () => {
    for (const name of ['data', 'My-Data_1.v2', '.local', '.config', 'a', 'x'.repeat(64)])
      expect(checkFolderName(name)).to.equal(name);
  });

  it('refuses what upstream refuses, naming the field', () => {
    for (const name of [
      '',
      ' ',
      'a b',
      '-a',
      'a-',
      '..',
      '.',
      '..a',
      'a/b',
      'ünïcode',
      'x'.repeat(65),
      'a\0b',
    ]) {
      const error = refusal(() => checkFolderName(name, 'target_name'));
      expect(error.code, name).to.equal('invalid-api-params');
      expect(error.message).to.match(/^target_name: /);
    }
  });

  it('refuses reserved names and shell start-up files', () => {
    for (const name of [
      '.ssh',
      '.jupyter',
      '.terminfo',
      '.tmux.conf',
      '.bashrc',
      '.zshrc',
      '.bash_profile',
    ]) {
      expect(refusal(() => checkFolderName(name)).message, name).to.include('reserved');
    }
  });
});

describe('manager-vfolders: mount paths', () => {
  const table: Array<[string | undefined, string]> = [
    [undefined, '/home/work/data'],
    ['inputs', '/home/work/inputs'],
    ['nested/dir/', '/home/work/nested/dir'],
    ['/workspace', '/workspace'],
    ['/data/x/../y', '/data/y'],
    ['/home/work/other', '/home/work/other'],
    ['/opt/models', '/opt/models'],
  ];
  for (const [alias, expected] of table)
    it(`mounts "${alias ?? '(no alias)'}" at ${expected}`, () =>
      expect(kernelPathOf('data', alias)).to.equal(expected));

  for (const alias of [
    '/',
    '/etc',
    '/etc/passwd',
    '/usr',
    '/usr/local/x',
    '/bin',
    '/proc/self',
    '/sys',
    '/dev/shm',
    '/home',
    '/home/work',
    '/home/work/',
    '/tmp',
    '../escape',
    'a/../../b',
    '',
    'a\0b',
    '/root/.ssh',
  ])
    it(`refuses "${alias.replace('\0', '\\0')}" naming the folder`, () => {
      const error = refusal(() => kernelPathOf('data', alias));
      expect(error.code).to.equal('invalid-api-params');
      expect(error.message).to.include('mount_map.data');
    });
});

describe('manager-vfolders: grants and the permission table', () => {
  it('orders ro < rw < wd < owner', () => {
    const table: Array<[Parameters<typeof holds>[0], Record<string, boolean>]> = [
      [
        { permission: 'ro', isOwner: false },
        { ro: true, rw: false, wd: false, owner: false },
      ],
      [
        { permission: 'rw', isOwner: false },
        { ro: true, rw: true, wd: false, owner: false },
      ],
      [
        { permission: 'wd', isOwner: false },
        { ro: true, rw: true, wd: true, owner: false },
      ],
      [
        { permission: 'wd', isOwner: true },
        { ro: true, rw: true, wd: true, owner: true },
      ],
    ];
    for (const [entry, expected] of table)
      for (const [needed, allowed] of Object.entries(expected))
        expect(holds(entry, needed), `${JSON.stringify(entry)} ${needed}`).to.equal(allowed);
  });

  it('puts every per-folder action in the permission table, which the manager accepts', () => {
    const policy = new AccessPolicy([VFOLDER_ACCESS]);
    for (const action of Object.keys(FOLDER_GRANT_NEEDED)) expect(policy.has(action), action).to.equal(true);
    expect(policy.has('vfolder.list-all')).to.equal(true);
  });
});

describe('manager-vfolders: sizes and file modes', () => {
  it('reads byte counts and upstream size strings', () => {
    expect(binarySize(1024, 'quota')).to.equal(1024);
    expect(binarySize('1g', 'quota')).to.equal(2 ** 30);
    expect(binarySize('512m', 'quota')).to.equal(512 * 2 ** 20);
    expect(binarySize('10 GiB', 'quota')).to.equal(10 * 2 ** 30);
    expect(binarySize(undefined, 'quota')).to.equal(undefined);
    for (const bad of [-1, 1.5, 'lots', '1x', true])
      expect(refusal(() => binarySize(bad, 'quota')).message).to.match(/^quota: /);
  });

  it("prints the legacy mode as Python's stat.filemode", () => {
    expect(fileMode('DIRECTORY', '0755')).to.equal('drwxr-xr-x');
    expect(fileMode('FILE', '0640')).to.equal('-rw-r-----');
    expect(fileMode('SYMLINK', '0777')).to.equal('lrwxrwxrwx');
  });
});
