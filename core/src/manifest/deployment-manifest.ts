import type { JSONSchemaType } from 'ajv';

export interface PluginEntry {
  /** npm package name (workspace or third-party). */
  package: string;
  config?: Record<string, unknown>;
  /** A failure of an optional plugin degrades the deployment instead of aborting the start. */
  optional?: boolean;
  /** Seconds this plugin gets for each of init and start; overrides the deployment's `pluginTimeout`. */
  timeout?: number;
}

/** A deployment manifest (`manifests/*.yaml`): which roles this process runs, with which plugins. */
export interface DeploymentManifest {
  apiVersion: 'tessera/v1';
  kind: 'Deployment';
  name: string;
  description?: string;
  roles: string[];
  /** Node identity; defaults to the host name. */
  nodeId?: string;
  /** Folder for plugins' state; relative paths resolve against the manifest's folder. */
  dataDir?: string;
  logging?: { level?: 'debug' | 'info' | 'warn' | 'error' | 'silent'; format?: 'pretty' | 'json' };
  /** Seconds each plugin gets to stop. */
  stopTimeout?: number;
  /** Seconds each plugin gets for each of load, init and start before the start fails naming it (60). */
  pluginTimeout?: number;
  plugins: PluginEntry[];
  /** Default implementation name per named kind (`scheduler: fifo`). */
  defaults?: Record<string, string>;
}

export const DEPLOYMENT_MANIFEST_SCHEMA: JSONSchemaType<DeploymentManifest> = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'name', 'roles', 'plugins'],
  properties: {
    apiVersion: { type: 'string', const: 'tessera/v1' },
    kind: { type: 'string', const: 'Deployment' },
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string', nullable: true },
    roles: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['manager', 'agent', 'storage-proxy', 'app-proxy', 'webserver'] },
    },
    nodeId: { type: 'string', nullable: true, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    dataDir: { type: 'string', nullable: true, minLength: 1 },
    logging: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        level: { type: 'string', nullable: true, enum: ['debug', 'info', 'warn', 'error', 'silent'] },
        format: { type: 'string', nullable: true, enum: ['pretty', 'json'] },
      },
    },
    stopTimeout: { type: 'number', nullable: true, exclusiveMinimum: 0 },
    pluginTimeout: { type: 'number', nullable: true, exclusiveMinimum: 0 },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['package'],
        properties: {
          package: { type: 'string', pattern: '^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$' },
          config: { type: 'object', nullable: true, required: [] },
          optional: { type: 'boolean', nullable: true },
          timeout: { type: 'number', nullable: true, exclusiveMinimum: 0 },
        },
      },
    },
    defaults: { type: 'object', nullable: true, required: [], additionalProperties: { type: 'string' } },
  },
};
