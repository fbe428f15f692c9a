import { signRequest } from '@tessera/signing';
import { ApiConfig } from './api-config';
import { EndpointPool } from './endpoint-pool';
import { BackendClientError } from './errors';
import { sendHttpRequest, type HttpResponse } from './http-transport';
import { problemFromResponse } from './problem-details';

export interface ApiRequest {
  method: string;
  /** Path below the endpoint, already URI-encoded: `/session/my-sess`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** A ready multipart body and its full content type (with the boundary). */
  multipart?: { body: Buffer; contentType: string };
  /** Public endpoints (the version check) go out unsigned. */
  signed?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  /** The parsed JSON body; undefined for an empty body. */
  data: unknown;
}

/**
 * Sends API requests to the manager: builds the headers, signs them (api-spec §1), fails over
 * between endpoints, and turns problem+json answers into BackendAPIError.
 */
export class ManagerConnection {
  private readonly pool: EndpointPool;

  constructor(readonly config: ApiConfig) {
    this.pool = new EndpointPool(config.endpoints);
  }

  /** The endpoint requests currently go to (it changes after a fail-over). */
  get activeEndpoint(): URL {
    return this.pool.active;
  }

  async request(request: ApiRequest): Promise<ApiResponse> {
    if (this.config.endpointType !== 'api') {
      throw new BackendClientError(
        'unsupported',
        'BACKEND_ENDPOINT_TYPE=session (webserver login) is not supported by this client yet; use "api"',
      );
    }
    const response = await this.pool.use((endpoint) => this.send(endpoint, request));
    const data = parseBody(response);
    if (response.status >= 400) throw problemFromResponse(response.status, data, response.body);
    return { status: response.status, data };
  }

  private send(endpoint: URL, request: ApiRequest): Promise<HttpResponse> {
    const url = new URL(endpoint.href);
    url.username = '';
    url.password = '';
    url.pathname = `${endpoint.pathname.replace(/\/$/, '')}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const body =
      request.multipart?.body ??
      (request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json)));
    const contentType = request.multipart?.contentType ?? 'application/json';
    const date = new Date().toISOString();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': contentType,
      Date: date,
      'X-BackendAI-Date': date,
      'X-BackendAI-Version': this.config.version,
      'User-Agent': this.config.userAgent,
    };
    if (request.signed !== false && !this.config.anonymous) {
      headers.Authorization = signRequest({
        method: request.method,
        pathWithQuery: `${url.pathname}${url.search}`,
        rawDate: date,
        host: url.host,
        contentType,
        apiVersion: this.config.version,
        accessKey: this.config.accessKey,
        secretKey: this.config.secretKey,
        body,
      }).authorization;
    }
    return sendHttpRequest({
      url,
      method: request.method,
      headers,
      body,
      connectTimeoutMs: this.config.connectionTimeout * 1000,
      readTimeoutMs: this.config.readTimeout * 1000,
      signal: request.signal,
      skipCertValidation: this.config.skipSslCertValidation,
    });
  }
}

function parseBody(response: HttpResponse): unknown {
  if (response.body.length === 0) return undefined;
  const type = String(response.headers['content-type'] ?? '');
  if (!/json/i.test(type)) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    if (response.status >= 400) return undefined;
    throw new BackendClientError(
      'bad-response',
      `the manager sent a malformed JSON body (HTTP ${response.status})`,
    );
  }
}
