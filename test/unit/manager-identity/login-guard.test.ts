import { expect } from 'chai';
import { generateAccessKey, generateSecretKey, LoginGuard, Passwords } from '@tessera/manager-identity';

describe('manager-identity: login lockout', () => {
  const LOCK_MS = 300_000;

  it('locks an account at the Nth failure within the window, for the lock time', () => {
    const guard = new LoginGuard(3, LOCK_MS);
    const t0 = Date.UTC(2026, 11, 4);
    expect(guard.failed('a', t0)).to.equal(false);
    expect(guard.failed('a', t0 + 1000)).to.equal(false);
    expect(guard.lockedFor('a', t0 + 2000)).to.equal(0);
    expect(guard.failed('a', t0 + 2000)).to.equal(true);
    expect(guard.lockedFor('a', t0 + 2000)).to.equal(300);
    expect(guard.lockedFor('a', t0 + 2000 + LOCK_MS - 1500)).to.equal(2);
    expect(guard.lockedFor('a', t0 + 2000 + LOCK_MS)).to.equal(0);
    expect(guard.lockedFor('b', t0 + 2000)).to.equal(0);
  });

  it('forgets failures older than the window and after a success', () => {
    const guard = new LoginGuard(2, LOCK_MS);
    const t0 = Date.UTC(2026, 11, 4);
    guard.failed('a', t0);
    expect(guard.failed('a', t0 + LOCK_MS + 1)).to.equal(false);
    guard.succeeded('a');
    expect(guard.failed('a', t0 + LOCK_MS + 2)).to.equal(false);
  });
});

describe('manager-identity: generated credentials and password hashes', () => {
  it('makes access keys AKIA + 16 upper alnum and 40-character secret keys, all different', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const accessKey = generateAccessKey();
      expect(accessKey).to.match(/^AKIA[A-Z0-9]{16}$/);
      expect(generateSecretKey()).to.match(/^[A-Za-z0-9]{40}$/);
      keys.add(accessKey);
    }
    expect(keys.size).to.equal(200);
  });

  it('hashes with bcrypt and matches only the right password', async () => {
    const passwords = new Passwords(4);
    const hash = await passwords.hash('correct horse');
    expect(hash).to.match(/^\$2[aby]\$04\$/);
    expect(await passwords.matches('correct horse', hash)).to.equal(true);
    expect(await passwords.matches('wrong horse', hash)).to.equal(false);
    expect(await passwords.matches('correct horse', null)).to.equal(false);
    expect(await passwords.matches('correct horse', 'not-a-hash')).to.equal(false);
  });
});
