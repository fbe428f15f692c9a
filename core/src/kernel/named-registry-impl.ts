import type { NamedRegistry } from '../contracts/named-registry';
import { TesseraError } from '../errors/tessera-error';

export class MapNamedRegistry<T> implements NamedRegistry<T> {
  private readonly items = new Map<string, T>();

  constructor(
    readonly kind: string,
    readonly defaultName: string | undefined,
  ) {}

  add(name: string, implementation: T): void {
    if (this.items.has(name)) {
      throw new TesseraError('plugin-duplicate', `a ${this.kind} named "${name}" is already registered`, {
        kind: this.kind,
        name,
      });
    }
    this.items.set(name, implementation);
  }

  get(name: string): T | undefined {
    return this.items.get(name);
  }

  require(name?: string): T {
    const wanted = name ?? this.defaultName;
    const found = wanted === undefined ? undefined : this.items.get(wanted);
    if (found === undefined) {
      throw new TesseraError(
        'plugin-not-registered',
        wanted === undefined
          ? `no default ${this.kind} is set; name one under defaults.${this.kind} in the manifest (registered: ${this.names().join(', ') || 'none'})`
          : `no ${this.kind} named "${wanted}" is registered (registered: ${this.names().join(', ') || 'none'})`,
        { kind: this.kind, name: wanted },
      );
    }
    return found;
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  entries(): Array<[string, T]> {
    return [...this.items.entries()];
  }
}
