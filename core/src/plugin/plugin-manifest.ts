import type { JSONSchemaType } from 'ajv';
import { PLUGIN_KINDS, type PluginKind } from '../contracts/token';

/**
 * The `"tessera"` field of a plugin package's package.json: everything the kernel needs to list,
 * validate and wire a plugin without running its code.
 */
export interface PluginManifest {
  /** Unique, kebab-case (`scheduler-fifo`). */
  id: string;
  kind: PluginKind;
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
  /** JSON Schema of the plugin's config (with defaults, additionalProperties false). */
  configSchema?: Record<string, unknown>;
  /** Service ids it makes available (`database`, `event-bus`, ...). */
  provides?: string[];
  /** Service ids it needs; the plugins providing them start first. */
  requires?: string[];
  /** Service ids it uses when present. */
  optional?: string[];
  description?: string;
}

const SERVICE_ID = '^[a-z][a-z0-9-]*$';

export const PLUGIN_MANIFEST_SCHEMA: JSONSchemaType<PluginManifest> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'contract', 'core', 'roles'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
    kind: { type: 'string', enum: PLUGIN_KINDS },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', nullable: true },
    contract: { type: 'string', pattern: '^[a-z-]+/v[0-9]+$' },
    core: { type: 'string', minLength: 1 },
    roles: { type: 'array', items: { type: 'string', pattern: '^(\\*|[a-z][a-z0-9-]*)$' }, minItems: 1 },
    entry: { type: 'string', nullable: true },
    configSchema: { type: 'object', nullable: true, required: [] },
    provides: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    requires: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    optional: { type: 'array', items: { type: 'string', pattern: SERVICE_ID }, nullable: true },
    description: { type: 'string', nullable: true },
  },
};
