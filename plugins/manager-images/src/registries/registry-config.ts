import type { ConfigStore } from '@tessera/core';
import { TesseraError } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** Where Backend.AI keeps container registries in the config store (etcd): one folder per hostname. */
export const REGISTRY_PREFIX = 'config/docker/registry/';

/** The registry kinds Backend.AI 22.09 scans; `local` is the manager host's own Docker engine. */
export const REGISTRY_TYPES = ['docker', 'harbor', 'harbor2', 'local'] as const;
export type RegistryType = (typeof REGISTRY_TYPES)[number];

/** One configured registry as the config store holds it (the password in clear: never answer it). */
export interface RegistryConfig {
  hostname: string;
  url: string;
  /** One of REGISTRY_TYPES when written through the API; whatever etcd holds otherwise. */
  type: string;
  /** Projects (Harbor) or repository namespaces to scan; empty scans the whole catalog. */
  project: string[];
  username: string | null;
  password: string | null;
  sslVerify: boolean;
}

/** The fields of a create (all but url and type optional) or a modify (all optional). */
export interface RegistryProps {
  url?: string | null;
  type?: string | null;
  project?: ReadonlyArray<string | null> | null;
  username?: string | null;
  password?: string | null;
  ssl_verify?: boolean | null;
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?(?::[0-9]{1,5})?$/;
const PROJECT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

function bad(field: string, expected: string, value: unknown): never {
  throw ManagerErrors.invalidParams(`Invalid ${field}: ${expected} (got ${JSON.stringify(value)})`, {
    field,
  });
}

/** A registry hostname: a host name or address, optionally with `:port` (no scheme, no slash). */
export function checkHostname(value: string, field = 'hostname'): string {
  const port = /:([0-9]+)$/.exec(value)?.[1];
  if (!HOSTNAME.test(value) || (port !== undefined && Number(port) > 65535))
    bad(
      field,
      'a host name or address with an optional :port, such as cr.backend.ai or 127.0.0.1:5000',
      value,
    );
  return value;
}

function checkUrl(value: string, field = 'props.url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    bad(field, 'an http:// or https:// URL such as https://cr.backend.ai', value);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  )
    bad(field, 'an http:// or https:// URL without credentials, query or fragment', value);
  return value.replace(/\/+$/, '');
}

function checkType(value: string, field = 'props.type'): RegistryType {
  if (!(REGISTRY_TYPES as readonly string[]).includes(value))
    bad(field, `one of ${REGISTRY_TYPES.join(', ')}`, value);
  return value as RegistryType;
}

function checkProjects(value: ReadonlyArray<string | null>, field = 'props.project'): string[] {
  for (const [index, project] of value.entries())
    if (project === null || !PROJECT.test(project))
      bad(`${field}[${index}]`, 'a lowercase repository namespace such as stable or community/ml', project);
  return [...new Set(value as string[])];
}

/**
 * The registries under `config/docker/registry/` in Backend.AI's layout: the hostname's own key
 * holds the URL, `<hostname>/type`, `/project` (comma-separated), `/username`, `/password` and
 * `/ssl-verify` the rest. Every write is checked whole before the first key is put.
 */
export class RegistryStore {
  constructor(private readonly store: ConfigStore) {}

  async list(): Promise<RegistryConfig[]> {
    const byHost = new Map<string, Map<string, string>>();
    for (const [key, value] of await this.store.list(REGISTRY_PREFIX)) {
      const rest = key.slice(REGISTRY_PREFIX.length);
      const slash = rest.indexOf('/');
      const hostname = slash < 0 ? rest : rest.slice(0, slash);
      const field = slash < 0 ? '' : rest.slice(slash + 1);
      let fields = byHost.get(hostname);
      if (!fields) byHost.set(hostname, (fields = new Map()));
      fields.set(field, value);
    }
    const registries: RegistryConfig[] = [];
    for (const [hostname, fields] of byHost) {
      const registry = fromFields(hostname, fields);
      if (registry) registries.push(registry);
    }
    return registries.sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  async get(hostname: string): Promise<RegistryConfig | null> {
    const url = await this.store.get(REGISTRY_PREFIX + hostname);
    if (url === null) return null;
    const fields = new Map<string, string>([['', url]]);
    for (const [key, value] of await this.store.list(`${REGISTRY_PREFIX}${hostname}/`))
      fields.set(key.slice(REGISTRY_PREFIX.length + hostname.length + 1), value);
    return fromFields(hostname, fields);
  }

  /** Adds a registry; refused when the hostname is taken. */
  async create(hostname: string, props: RegistryProps): Promise<RegistryConfig> {
    checkHostname(hostname);
    if (props.url === undefined || props.url === null) bad('props.url', 'a URL', props.url);
    if (props.type === undefined || props.type === null)
      bad('props.type', `one of ${REGISTRY_TYPES.join(', ')}`, null);
    const registry: RegistryConfig = {
      hostname,
      url: checkUrl(props.url),
      type: checkType(props.type),
      project: props.project ? checkProjects(props.project) : [],
      username: props.username || null,
      password: props.password || null,
      sslVerify: props.ssl_verify ?? true,
    };
    if ((await this.store.get(REGISTRY_PREFIX + hostname)) !== null)
      throw new TesseraError(
        'object-already-exists',
        `Invalid hostname: a container registry named ${hostname} already exists`,
        {
          field: 'hostname',
        },
      );
    await this.write(registry);
    return registry;
  }

  /** Changes the given fields; null or absent fields stay, "" clears username and password. */
  async modify(hostname: string, props: RegistryProps): Promise<RegistryConfig> {
    checkHostname(hostname);
    const changes: Partial<RegistryConfig> = {};
    if (props.url !== undefined && props.url !== null) changes.url = checkUrl(props.url);
    if (props.type !== undefined && props.type !== null) changes.type = checkType(props.type);
    if (props.project !== undefined && props.project !== null) changes.project = checkProjects(props.project);
    if (props.username !== undefined && props.username !== null) changes.username = props.username || null;
    if (props.password !== undefined && props.password !== null) changes.password = props.password || null;
    if (props.ssl_verify !== undefined && props.ssl_verify !== null) changes.sslVerify = props.ssl_verify;
    const current = await this.get(hostname);
    if (!current) throw notFound(hostname);
    const registry = { ...current, ...changes };
    await this.write(registry);
    return registry;
  }

  /** Removes the registry's keys; answers what it was. */
  async delete(hostname: string): Promise<RegistryConfig> {
    checkHostname(hostname);
    const current = await this.get(hostname);
    if (!current) throw notFound(hostname);
    await this.store.deletePrefix(`${REGISTRY_PREFIX}${hostname}/`);
    await this.store.delete(REGISTRY_PREFIX + hostname);
    return current;
  }

  private async write(registry: RegistryConfig): Promise<void> {
    const base = REGISTRY_PREFIX + registry.hostname;
    const optional: Array<[string, string | null]> = [
      ['project', registry.project.length ? registry.project.join(',') : null],
      ['username', registry.username],
      ['password', registry.password],
    ];
    await this.store.put(`${base}/type`, registry.type);
    await this.store.put(`${base}/ssl-verify`, registry.sslVerify ? 'true' : 'false');
    for (const [field, value] of optional) {
      if (value === null) await this.store.delete(`${base}/${field}`);
      else await this.store.put(`${base}/${field}`, value);
    }
    // The URL key last: a registry is listed once its URL is there, so readers never see half of one.
    await this.store.put(base, registry.url);
  }
}

export function notFound(hostname: string, field = 'hostname'): TesseraError {
  return new TesseraError('object-not-found', `Invalid ${field}: no container registry named ${hostname}`, {
    field,
  });
}

function fromFields(hostname: string, fields: Map<string, string>): RegistryConfig | null {
  const url = fields.get('');
  if (url === undefined) return null;
  const type = fields.get('type') ?? 'docker';
  const project = fields.get('project');
  const sslVerify = (fields.get('ssl-verify') ?? fields.get('ssl_verify') ?? 'true').toLowerCase();
  return {
    hostname,
    url,
    type,
    project: project
      ? project
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [],
    username: fields.get('username') || null,
    password: fields.get('password') || null,
    sslVerify: !['false', '0', 'no', 'off'].includes(sslVerify),
  };
}
