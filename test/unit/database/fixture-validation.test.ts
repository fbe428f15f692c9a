import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { validateFixture } from '@tessera/database';

const EXAMPLE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'database',
  'example-fixture.json',
);

function rejection(document: unknown): TesseraError {
  try {
    validateFixture(document);
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    expect((error as TesseraError).code).to.equal('fixture-invalid');
    return error as TesseraError;
  }
  return expect.fail('the document was accepted');
}

const user = { email: 'ops@acme.test', domain_name: 'acme' };
const keypair = { access_key: 'AKIAACMEOPS000000001', secret_key: 'secret-0001', resource_policy: 'default' };

describe('database: fixture documents', () => {
  it('accepts the example fixture and fills in the defaults of what rows leave out', () => {
    const document = validateFixture(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    expect(document.users).to.have.length(3);
    expect(document.users![2]).to.deep.include({
      status: 'active',
      need_password_change: false,
      main_access_key: null,
    });
    expect(document.resource_groups![1]).to.deep.include({
      is_active: true,
      driver: 'static',
      wsproxy_addr: null,
    });
    expect(document.resource_presets![0]!.resource_group).to.equal(null);
  });

  it('leaves the document it was given as it was', () => {
    const input = { domains: [{ name: 'acme' }] };
    validateFixture(input);
    expect(input).to.deep.equal({ domains: [{ name: 'acme' }] });
  });

  const cases: Array<[string, unknown, string]> = [
    ['a table it does not know', { scaling_groups: [] }, '/scaling_groups: is not a known field'],
    [
      'a column it does not know',
      { domains: [{ name: 'a', colour: 'red' }] },
      '/domains/0/colour: is not a known field',
    ],
    ['a row without its key', { domains: [{ description: 'x' }] }, '/domains/0/name: is required'],
    [
      'a role outside the enum',
      { users: [{ ...user, role: 'root' }] },
      '/users/0/role: must be one of superadmin, admin, user, monitor',
    ],
    [
      'both a password and its hash',
      { users: [{ ...user, password: 'x', password_hash: `$2b$12$${'a'.repeat(53)}` }] },
      '/users/0: gives both password and password_hash: keep one',
    ],
    [
      'a hash that is not bcrypt',
      { users: [{ ...user, password_hash: 'md5:abc' }] },
      '/users/0/password_hash: does not have',
    ],
    [
      'a keypair without an owner',
      { keypairs: [keypair] },
      '/keypairs/0: must name its owner by user_id (email) or user (uuid)',
    ],
    ['a table that is not a list', { domains: { name: 'a' } }, '/domains: must be array'],
    [
      'a count of the wrong type',
      { keypair_resource_policies: [{ name: 'p', idle_timeout: '1h' }] },
      '/keypair_resource_policies/0/idle_timeout: must be integer',
    ],
    [
      'a group id that is not a uuid',
      { groups: [{ id: '42', name: 'g', domain_name: 'acme' }] },
      '/groups/0/id: does not have',
    ],
    ['a document that is not an object', [], '/: must be object'],
  ];
  for (const [title, document, message] of cases) {
    it(`refuses ${title}, naming the JSON path`, () => {
      expect(rejection(document).message.startsWith(message), rejection(document).message).to.equal(true);
    });
  }
});
