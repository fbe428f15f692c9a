import { DEFAULT_API_VERSION } from './api-version';
import { ClientEnvironment } from './environment';
import { BackendClientError } from './errors';

/** `api`: sign every request with the keypair. `session`: a webserver with cookie login. */
export type EndpointType = 'api' | 'session';

export interface ApiConfigInit {
  /** One or more manager base URLs; several give fail-over in the order given. */
  endpoints: ReadonlyArray<string | URL>;
  /** An empty access key means anonymous, unsigned requests. */
  accessKey: string;
  secretKey: string;
  endpointType?: EndpointType;
  domain?: string;
  group?: string;
  version?: string;
  /** Seconds to establish the TCP (and TLS) connection. */
  connectionTimeout?: number;
  /** Seconds to wait for the first byte of the answer; 0 waits forever. */
  readTimeout?: number;
  skipSslCertValidation?: boolean;
  vfolderMounts?: string[];
  userAgent?: string;
}

const DEFAULT_USER_AGENT = 'tessera-client/0.1.0';

/** Where and how the client talks to the manager (Backend.AI's `APIConfig`). */
export class ApiConfig {
  readonly endpoints: readonly URL[];
  readonly accessKey: string;
  readonly endpointType: EndpointType;
  readonly domain: string;
  readonly group: string;
  readonly version: string;
  readonly connectionTimeout: number;
  readonly readTimeout: number;
  readonly skipSslCertValidation: boolean;
  readonly vfolderMounts: readonly string[];
  readonly userAgent: string;
  // Not enumerable, so the secret never shows up when a config is logged or inspected.
  declare readonly secretKey: string;

  constructor(init: ApiConfigInit) {
    if (init.endpoints.length === 0) throw new BackendClientError('config-missing', 'no API endpoint given');
    this.endpoints = init.endpoints.map((endpoint) => parseEndpoint(String(endpoint), 'endpoint'));
    this.accessKey = init.accessKey;
    Object.defineProperty(this, 'secretKey', { value: init.secretKey, enumerable: false });
    this.endpointType = init.endpointType ?? 'api';
    this.domain = init.domain ?? 'default';
    this.group = init.group ?? 'default';
    this.version = init.version ?? DEFAULT_API_VERSION;
    this.connectionTimeout = init.connectionTimeout ?? 10;
    this.readTimeout = init.readTimeout ?? 0;
    this.skipSslCertValidation = init.skipSslCertValidation ?? false;
    this.vfolderMounts = init.vfolderMounts ?? [];
    this.userAgent = init.userAgent ?? DEFAULT_USER_AGENT;
  }

  /** True when requests go out unsigned (an explicitly empty access key). */
  get anonymous(): boolean {
    return this.accessKey === '';
  }

  /**
   * Reads `BACKEND_ENDPOINT` (comma list = fail-over), `BACKEND_ACCESS_KEY`, `BACKEND_SECRET_KEY`,
   * `BACKEND_ENDPOINT_TYPE`, `BACKEND_DOMAIN`, `BACKEND_GROUP`, `BACKEND_CONNECTION_TIMEOUT`,
   * `BACKEND_READ_TIMEOUT`, `BACKEND_SKIP_SSLCERT_VALIDATION` and `BACKEND_VFOLDER_MOUNTS`, each
   * with its legacy `SORNA_` name as a fallback. Throws a BackendClientError naming every
   * variable that is missing or wrong.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
    const vars = new ClientEnvironment(env);
    const endpoints = vars.list('ENDPOINT');
    const accessKey = vars.lookup('ACCESS_KEY');
    const secretKey = vars.lookup('SECRET_KEY');
    const missing: string[] = [];
    if (endpoints.length === 0) missing.push('BACKEND_ENDPOINT');
    if (accessKey === undefined) missing.push('BACKEND_ACCESS_KEY');
    if (accessKey?.value !== '' && (secretKey === undefined || secretKey.value === '')) {
      missing.push('BACKEND_SECRET_KEY');
    }
    if (missing.length > 0) throw missingVariables(missing);

    const endpointName = vars.lookup('ENDPOINT')?.name ?? 'BACKEND_ENDPOINT';
    const endpointType = vars.text('ENDPOINT_TYPE', 'api');
    if (endpointType !== 'api' && endpointType !== 'session') {
      throw new BackendClientError(
        'config-invalid',
        `BACKEND_ENDPOINT_TYPE must be "api" or "session", got "${endpointType}"`,
      );
    }
    return new ApiConfig({
      endpoints: endpoints.map((endpoint) => parseEndpoint(endpoint, endpointName)),
      accessKey: accessKey?.value.trim() ?? '',
      secretKey: secretKey?.value.trim() ?? '',
      endpointType,
      domain: vars.text('DOMAIN', 'default'),
      group: vars.text('GROUP', 'default'),
      connectionTimeout: vars.seconds('CONNECTION_TIMEOUT', 10),
      readTimeout: vars.seconds('READ_TIMEOUT', 0),
      skipSslCertValidation: vars.flag('SKIP_SSLCERT_VALIDATION', false),
      vfolderMounts: vars.list('VFOLDER_MOUNTS'),
    });
  }
}

function parseEndpoint(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BackendClientError(
      'config-invalid',
      `${source} must be an absolute http(s) URL, got "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BackendClientError('config-invalid', `${source} must be an http or https URL, got "${value}"`);
  }
  return url;
}

function missingVariables(names: string[]): BackendClientError {
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const verb = names.length === 1 ? 'is' : 'are';
  return new BackendClientError(
    'config-missing',
    `${list} ${verb} not set (export the manager URL and your API keypair; legacy SORNA_* names also work)`,
  );
}
