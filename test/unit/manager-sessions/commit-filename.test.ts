import { expect } from 'chai';
import { commitFilename } from '@tessera/manager-sessions';

describe('manager-sessions: the file name of a session commit', () => {
  const at = new Date('2024-05-01T09:05:03.250Z');

  for (const [session, image, expected] of [
    [
      'mysess',
      'cr.backend.ai/stable/python:3.11-ubuntu22.04',
      '2024-05-01T09H05M03S_mysess_python-3.11-ubuntu22.04.tar.gz',
    ],
    ['a-rather-long-session-name', 'python:3', '2024-05-01T09H05M03S_a-rather-l_python-3.tar.gz'],
    ['s1', 'lablup/python-ff:3.9', '2024-05-01T09H05M03S_s1_python-ff-3.9.tar.gz'],
    ['s1', 'registry.local:5000/team/img:1', '2024-05-01T09H05M03S_s1_img-1.tar.gz'],
  ] as const) {
    it(`names ${session} of ${image} ${expected}`, () => {
      expect(commitFilename(at, session, image)).to.equal(expected);
    });
  }

  it('uses UTC whatever the local zone, with two digits per field', () => {
    expect(commitFilename(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), 's', 'i')).to.equal(
      '2025-01-02T03H04M05S_s_i.tar.gz',
    );
  });

  it('cuts the session name at 10 characters, not bytes', () => {
    expect(commitFilename(at, 'ééééééééééé', 'i')).to.equal('2024-05-01T09H05M03S_éééééééééé_i.tar.gz');
  });

  it('leaves no ":" or "/" in the name', () => {
    expect(commitFilename(at, 'a:b/c', 'x/y:z')).to.equal('2024-05-01T09H05M03S_a-b-c_y-z.tar.gz');
  });
});
