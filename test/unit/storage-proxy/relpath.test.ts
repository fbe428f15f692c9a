import { expect } from 'chai';
import { joinRelpath, parseName, parseRelpath } from '@tessera/storage-proxy';

describe('storage-proxy: relpath parsing', () => {
  const refusal = (value: unknown, allowRoot = false) => {
    try {
      parseRelpath('relpath', value, { allowRoot });
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error(`${JSON.stringify(value)} was accepted`);
  };

  it('normalises empty and "." segments and keeps everything else literally', () => {
    expect(parseRelpath('relpath', 'a//b/./c/')).to.deep.equal(['a', 'b', 'c']);
    expect(parseRelpath('relpath', 'a%2Fb/%2e%2e')).to.deep.equal(['a%2Fb', '%2e%2e']);
    expect(parseRelpath('relpath', 'back\\slash')).to.deep.equal(['back\\slash']);
    expect(parseRelpath('relpath', '...')).to.deep.equal(['...']);
    expect(parseRelpath('relpath', '.', { allowRoot: true })).to.deep.equal([]);
    expect(joinRelpath([])).to.equal('.');
  });

  for (const value of [
    '..',
    '../x',
    'a/../b',
    'a/..',
    '/abs',
    '/',
    'a\u0000',
    '.upload',
    '.upload/x',
    'x'.repeat(256),
  ]) {
    it(`refuses ${JSON.stringify(value.slice(0, 20))} as invalid-path naming the field`, () => {
      const error = refusal(value);
      expect(error.code).to.equal('storage-proxy-invalid-path');
      expect(error.message).to.contain('"relpath"');
    });
  }

  it('refuses the folder itself unless allowed, and non-strings as invalid-api-params', () => {
    expect(refusal('').code).to.equal('storage-proxy-invalid-path');
    expect(refusal('./').code).to.equal('storage-proxy-invalid-path');
    expect(refusal(42).code).to.equal('storage-proxy-invalid-api-params');
    expect(refusal(null, true).code).to.equal('storage-proxy-invalid-api-params');
  });

  it('parseName takes one name: no separator, not "." or "..", no NUL', () => {
    expect(parseName('new_name', 'b.txt')).to.equal('b.txt');
    for (const bad of ['a/b', '.', '..', 'a\u0000', '']) {
      expect(() => parseName('new_name', bad), JSON.stringify(bad)).to.throw(/new_name/);
    }
  });
});
