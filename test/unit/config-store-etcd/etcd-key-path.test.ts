import { expect } from 'chai';
import { decodeKey, encodeKey, namespaceRoot, quoteSegment } from '@tessera/config-store-etcd';

describe('etcd key layout (/sorna/<namespace>/<quoted segments>)', () => {
  it('puts every key under /sorna/<namespace>/', () => {
    expect(namespaceRoot('local')).to.equal('/sorna/local/');
  });

  it("quotes each segment like Python's quote(segment, safe=''), keeping the slashes between them", () => {
    // Values from Python 3: urllib.parse.quote(s, safe='')
    expect(quoteSegment('localhost:5000')).to.equal('localhost%3A5000');
    expect(quoteSegment("a!b'(c)*d")).to.equal('a%21b%27%28c%29%2Ad');
    expect(quoteSegment('cr.backend.ai_x-y~z')).to.equal('cr.backend.ai_x-y~z');
    expect(quoteSegment('é ?&=%')).to.equal('%C3%A9%20%3F%26%3D%25');
    expect(encodeKey('config/docker/registry/localhost:5000/type')).to.equal(
      'config/docker/registry/localhost%3A5000/type',
    );
    expect(encodeKey('config/redis/addr')).to.equal('config/redis/addr');
  });

  it('decodes what it encodes, and keeps hand-written segments that are not valid quoting', () => {
    for (const key of ['config/docker/registry/localhost:5000', 'a b/c%d/ü!', '', 'x//y']) {
      expect(decodeKey(encodeKey(key))).to.equal(key);
    }
    expect(decodeKey('volumes/100%/x%41')).to.equal('volumes/100%/xA');
  });

  it('keeps prefixes: a key is under a prefix exactly when its stored form is under the stored prefix', () => {
    const keys = ['a:b/c', 'a:/x', 'a%b', 'a%3Ab', 'a', 'ab', 'a b', 'a/b:c'];
    const prefixes = ['a:', 'a%', 'a%3A', 'a', 'a/', 'a/b', ''];
    for (const key of keys) {
      for (const prefix of prefixes) {
        expect(encodeKey(key).startsWith(encodeKey(prefix)), `${key} under ${prefix}`).to.equal(
          key.startsWith(prefix),
        );
      }
    }
  });
});
