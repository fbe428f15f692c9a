import type { JSONSchemaType } from 'ajv';
import { EXTENSION_POINT_PATTERN } from './extension-point';

/** A kind declared by the plugin that owns it (`tessera.kinds`), beside the core's own kinds. */
export interface DeclaredKind {
  /** The contract major version the owner speaks (`idle-checker/v1` -> 1). */
  contract: number;
  /** Several implementations per deployment, kept in a named registry under the kind's id. */
  named?: boolean;
}

/**
 * The `"tessera"` field of a plugin package's package.json: everything the kernel needs to list,
 * validate and wire a plugin without running its code.
 */
export interface PluginManifest {
  /** Unique, kebab-case (`scheduler-fifo`). */
  id: string;
  /** A core kind (`scheduler`, `service`, ...) or one declared by a plugin in `kinds`. */
  kind: string;
  /** The name within its kind's registry (`fifo`); required for named kinds. */
  name?: string;
  /** `<kind>/v<major>`, for example `scheduler/v1`. */
  contract: string;
  /** Semver range of @tessera/core versions the plugin works with. */
  core: string;
  /** Roles that may load it; `*` for any. */
  roles: string[];
  /** Module exporting the plugin definition as default; the package's main when omitted. */
  entry?: string;
  /**
   * JSON Schema of the plugin's config (with defaults, additionalProperties false), or the path of
   * a JSON file holding it, relative to the package folder (`"config.schema.json"`).
   */
  configSchema?: Record<string, unknown> | string;
  /** Service ids it makes available (`database`, `event-bus`, ...). */
  provides?: string[];
  /** Service ids it needs; the plugins providing them start first. Equal to the code's `deps`. */
  requires?: string[];
  /** Service ids it uses when present. Equal to the code's `optional(...)` deps. */
  optional?: string[];
  /** Extension points this plugin owns (`manager/api-routes`); contributors initialise first. */
  extensionPoints?: string[];
  /** Extension points this plugin contributes to. */
  contributes?: string[];
  /** Kinds this plugin defines for other plugins to implement (`{ "idle-checker": { contract: 1 } }`). */
  kinds?: Record<string, DeclaredKind>;
  description?: string;
}

const SERVICE_ID = '^[a-z][a-z0-9-]*$';
const KIND = '^[a-z][a-z0-9-]*$';

export const PLUGIN_MANIFEST_SCHEMA: JSONSchemaType<PluginManifest> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'contract', 'core', 'roles'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
    kind: { type: 'string', pattern: KIND },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', nullable: true },
    contract: { type: 'string', pattern: '^[a-z-]+/v[0-9]+$' },
    core: { type: 'string', minLength: 1 },
    roles: { type: 'array', items: { type: 'string', pattern: '^(\\*|[a-z][a-z0-9-]*)$' }, minItems: 1 },
    entry: { type: 'string', nullable: true },
    configSchema: {
      type: ['object', 'string'],
      nullable: true,
    } as unknown as JSONSchemaType<PluginManifest>['properties']['configSchema'],
    provides: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    requires: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    optional: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    extensionPoints: {
      type: 'array',
      items: { type: 'string', pattern: EXTENSION_POINT_PATTERN },
      nullable: true,
    },
    contributes: {
      type: 'array',
      items: { type: 'string', pattern: EXTENSION_POINT_PATTERN },
      nullable: true,
    },
    kinds: {
      type: 'object',
      nullable: true,
      required: [],
      propertyNames: { pattern: KIND },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['contract'],
        properties: {
          contract: { type: 'integer', minimum: 1 },
          named: { type: 'boolean', nullable: true },
        },
      },
    } as unknown as JSONSchemaType<PluginManifest>['properties']['kinds'],
    description: { type: 'string', nullable: true },
  },
};
