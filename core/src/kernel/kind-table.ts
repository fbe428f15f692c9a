import { CONTRACT_VERSIONS, NAMED_KINDS } from '../contracts/token';
import { TesseraError } from '../errors/tessera-error';
import type { PluginManifest } from '../plugin/plugin-manifest';

interface KindEntry {
  contract: number;
  named: boolean;
  /** The plugin that declared it; undefined for the core's own kinds. */
  owner: string | undefined;
}

/**
 * The kinds a deployment knows: the core's own (`scheduler/v1`, ...) plus those declared by the
 * plugins in it (`tessera.kinds`, on a plugin that owns the extension point where such plugins
 * plug in). A kind declared twice, or redeclaring a core kind, is an error naming both plugins.
 */
export class KindTable {
  private readonly kinds = new Map<string, KindEntry>();

  private constructor(readonly errors: TesseraError[]) {
    for (const [kind, contract] of Object.entries(CONTRACT_VERSIONS))
      this.kinds.set(kind, { contract, named: NAMED_KINDS.has(kind), owner: undefined });
  }

  static of(manifests: readonly PluginManifest[]): KindTable {
    const table = new KindTable([]);
    for (const manifest of manifests) {
      for (const [kind, declared] of Object.entries(manifest.kinds ?? {})) {
        const existing = table.kinds.get(kind);
        if (existing) {
          table.errors.push(
            new TesseraError(
              'plugin-duplicate',
              existing.owner
                ? `kind "${kind}" is declared by both ${existing.owner} and ${manifest.id}; keep one of them in the manifest`
                : `plugin ${manifest.id} declares kind "${kind}", which is one of the core's kinds`,
              { kind, plugins: [existing.owner ?? 'core', manifest.id] },
            ),
          );
          continue;
        }
        table.kinds.set(kind, {
          contract: declared.contract,
          named: declared.named ?? false,
          owner: manifest.id,
        });
      }
    }
    return table;
  }

  isNamed(kind: string): boolean {
    return this.kinds.get(kind)?.named ?? false;
  }

  namedKinds(): string[] {
    return [...this.kinds].filter(([, entry]) => entry.named).map(([kind]) => kind);
  }

  /** Why a plugin's kind and contract cannot be used in this deployment, or undefined. */
  problemWith(packageName: string, manifest: PluginManifest): TesseraError | undefined {
    const entry = this.kinds.get(manifest.kind);
    if (!entry) {
      return new TesseraError(
        'plugin-contract-unsupported',
        `${packageName} is of kind "${manifest.kind}", which neither the core nor any plugin in this deployment declares; add the plugin that owns "${manifest.kind}" plugins`,
        { package: packageName, kind: manifest.kind },
      );
    }
    const major = Number(manifest.contract.split('/v')[1]);
    if (entry.owner && major !== entry.contract) {
      return new TesseraError(
        'plugin-contract-unsupported',
        `${packageName} implements ${manifest.contract}, but ${entry.owner} speaks ${manifest.kind}/v${entry.contract}`,
        { package: packageName, kind: manifest.kind },
      );
    }
    if (entry.named && !manifest.name) {
      return new TesseraError(
        'plugin-manifest-invalid',
        `${packageName}: tessera.name is required for plugins of kind "${manifest.kind}"`,
        { package: packageName },
      );
    }
    return undefined;
  }
}
