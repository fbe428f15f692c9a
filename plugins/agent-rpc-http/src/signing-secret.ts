/**
 * The secret this process signs with and accepts. When it changes (the config store key was
 * rewritten), the one it replaced is still accepted for `graceMs`, so calls signed by peers that
 * have not seen the change yet are not refused.
 */
export class SigningSecret {
  private previous: { value: string; until: number } | undefined;

  constructor(
    private value: string,
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The secret new requests are signed with. */
  get current(): string {
    return this.value;
  }

  /** The secrets a request may be signed with now: the current one, and the previous during its grace. */
  accepted(): string[] {
    if (this.previous && this.previous.until >= this.now()) return [this.value, this.previous.value];
    return [this.value];
  }

  /** Switches to `next`; false when it is the secret in use already. */
  replace(next: string): boolean {
    if (next === this.value) return false;
    this.previous = { value: this.value, until: this.now() + this.graceMs };
    this.value = next;
    return true;
  }
}
