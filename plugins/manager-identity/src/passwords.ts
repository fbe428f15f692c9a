import { compare, hash } from 'bcryptjs';
import { randomBytes } from 'node:crypto';

/** Password hashing with bcrypt (bcryptjs), at the configured cost. */
export class Passwords {
  /**
   * A hash compared when a login names no user (or one without a password), so a wrong e-mail
   * costs about as long as a wrong password and does not tell which it was.
   */
  private decoy: Promise<string> | undefined;

  constructor(private readonly rounds: number) {}

  hash(password: string): Promise<string> {
    return hash(password, this.rounds);
  }

  /** Whether `password` matches the stored hash; false for a missing hash (password login disabled). */
  async matches(password: string, storedHash: string | null): Promise<boolean> {
    if (!storedHash) {
      this.decoy ??= hash(randomBytes(16).toString('hex'), this.rounds);
      await compare(password, await this.decoy);
      return false;
    }
    try {
      return await compare(password, storedHash);
    } catch {
      return false;
    }
  }
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of `alphabet`, each from crypto.randomBytes without modulo bias. */
function randomText(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && text.length < length) text += alphabet[byte % alphabet.length];
    }
  }
  return text;
}

/** A new access key: `AKIA` and 16 upper-case letters or digits, as Backend.AI generates them. */
export function generateAccessKey(): string {
  return 'AKIA' + randomText(UPPER_ALNUM, 16);
}

/** A new secret key: 40 letters and digits. */
export function generateSecretKey(): string {
  return randomText(SECRET_CHARS, 40);
}
