import { expect } from 'chai';
import { compileStreamPath } from '@tessera/manager';

describe('manager: stream route paths', () => {
  const match = compileStreamPath('/stream/session/:id/execute');

  it('matches literal segments and decodes parameters', () => {
    expect(match('/stream/session/my%20session/execute')).to.deep.equal({ id: 'my session' });
    expect(match('/stream/session/abc/pty')).to.equal(null);
    expect(match('/stream/session//execute')).to.equal(null);
    expect(match('/stream/session/a/b/execute')).to.equal(null);
    expect(match('/stream/session/%E0%A4%A/execute')).to.equal(null);
  });

  it('refuses malformed patterns', () => {
    expect(() => compileStreamPath('stream/x')).to.throw('must start with "/"');
    expect(() => compileStreamPath('/stream//x')).to.throw('empty segment');
    expect(() => compileStreamPath('/stream/:1d')).to.throw('malformed parameter ":1d"');
    expect(() => compileStreamPath('/stream/:id/:id')).to.throw('names the parameter "id" twice');
  });
});
