import { BackendClientError } from './errors';

/**
 * Reads Backend.AI client settings from environment variables: `BACKEND_<KEY>` first, then the
 * legacy `SORNA_<KEY>`. Every error names the variable the user has to fix.
 */
export class ClientEnvironment {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The variable's value and the name it was found under; undefined when neither name is set. */
  lookup(key: string): { name: string; value: string } | undefined {
    for (const name of [`BACKEND_${key}`, `SORNA_${key}`]) {
      const value = this.env[name];
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }

  text(key: string, fallback: string): string {
    const found = this.lookup(key);
    return found && found.value.trim() !== '' ? found.value.trim() : fallback;
  }

  list(key: string): string[] {
    const found = this.lookup(key);
    if (!found) return [];
    return found.value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** Seconds, a non-negative number. */
  seconds(key: string, fallback: number): number {
    const found = this.lookup(key);
    if (!found || found.value.trim() === '') return fallback;
    const value = Number(found.value);
    if (!Number.isFinite(value) || value < 0) {
      throw new BackendClientError(
        'config-invalid',
        `${found.name} must be a number of seconds (0 or more), got "${found.value}"`,
      );
    }
    return value;
  }

  /** `y|yes|t|true|1` or `n|no|f|false|0`, any case; anything else is an error. */
  flag(key: string, fallback: boolean): boolean {
    const found = this.lookup(key);
    if (!found || found.value.trim() === '') return fallback;
    const value = found.value.trim().toLowerCase();
    if (['y', 'yes', 't', 'true', '1'].includes(value)) return true;
    if (['n', 'no', 'f', 'false', '0'].includes(value)) return false;
    throw new BackendClientError(
      'config-invalid',
      `${found.name} must be yes or no (true/false, 1/0), got "${found.value}"`,
    );
  }
}
