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
  query?: Record<string, string | string[] | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** A ready multipart body and its full content type (with the boundary). */
  multipart?: { body: Buffer; contentType: string };
  /** Public endpoints (the version check) go out unsigned. */
  signed?: boolean;
  signal?: AbortSignal;
  /** Called as the answer's body arrives: bytes so far and the announced total (null if unknown). */
  onDownloadProgress?: (received: number, total: number | null) => void;
}

/** An answer whose body is kept as bytes (downloads). */
export interface RawApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
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
    const response = await this.exchange(request);
    const data = parseBody(response);
    if (response.status >= 400) throw problemFromResponse(response.status, data, response.body);
    return { status: response.status, data };
  }

  /** Like request, but the answer's body is returned as bytes (a problem+json answer still throws). */
  async requestRaw(request: ApiRequest): Promise<RawApiResponse> {
    const response = await this.exchange(request);
    if (response.status >= 400) {
      throw problemFromResponse(response.status, parseBody(response), response.body);
    }
    return { status: response.status, headers: response.headers, body: response.body };
  }

  /**
   * Runs `attempt` against the active endpoint, failing over as REST requests do. Streams (SSE,
   * WebSocket) use it to connect; a TransportFailure thrown by `attempt` becomes a BackendClientError.
   */
  connect<T>(attempt: (endpoint: URL) => Promise<T>): Promise<T> {
    this.checkEndpointType();
    return this.pool.use(attempt);
  }

  /** The URL of `path` (already URI-encoded) and `query` below an endpoint. */
  urlFor(endpoint: URL, path: string, query?: Record<string, string | string[] | undefined>): URL {
    const url = new URL(endpoint.href);
    url.username = '';
    url.password = '';
    url.pathname = `${endpoint.pathname.replace(/\/$/, '')}${path}`;
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    return url;
  }

  /**
   * The date, version and Authorization headers of a request to `url` (api-spec §1). Without
   * `contentType` no Content-Type is sent and `application/octet-stream` is signed, as Backend.AI's
   * client does for WebSocket handshakes and event streams.
   */
  signedHeaders(
    method: string,
    url: URL,
    options: { contentType?: string; body?: Buffer; signed?: boolean } = {},
  ): Record<string, string> {
    const date = new Date().toISOString();
    const headers: Record<string, string> = {
      Date: date,
      'X-BackendAI-Date': date,
      'X-BackendAI-Version': this.config.version,
      'User-Agent': this.config.userAgent,
    };
    if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
    if (options.signed !== false && !this.config.anonymous) {
      headers.Authorization = signRequest({
        method,
        pathWithQuery: `${url.pathname}${url.search}`,
        rawDate: date,
        host: url.host,
        contentType: options.contentType,
        apiVersion: this.config.version,
        accessKey: this.config.accessKey,
        secretKey: this.config.secretKey,
        body: options.body,
      }).authorization;
    }
    return headers;
  }

  private exchange(request: ApiRequest): Promise<HttpResponse> {
    this.checkEndpointType();
    return this.pool.use((endpoint) => this.send(endpoint, request));
  }

  private checkEndpointType(): void {
    if (this.config.endpointType !== 'api') {
      throw new BackendClientError(
        'unsupported',
        'BACKEND_ENDPOINT_TYPE=session (webserver login) is not supported by this client yet; use "api"',
      );
    }
  }

  private send(endpoint: URL, request: ApiRequest): Promise<HttpResponse> {
    const url = this.urlFor(endpoint, request.path, request.query);
    const body =
      request.multipart?.body ??
      (request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json)));
    const contentType = request.multipart?.contentType ?? 'application/json';
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.signedHeaders(request.method, url, { contentType, body, signed: request.signed }),
    };
    return sendHttpRequest({
      url,
      method: request.method,
      headers,
      body,
      connectTimeoutMs: this.config.connectionTimeout * 1000,
      readTimeoutMs: this.config.readTimeout * 1000,
      signal: request.signal,
      skipCertValidation: this.config.skipSslCertValidation,
      onDownloadProgress: request.onDownloadProgress,
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
