/**
 * Signatures and signed requests as Backend.AI's own JavaScript client (npm `backend.ai-client`, a
 * dev dependency of the repository) makes them. Tests use it as an independent oracle for
 * @tessera/signing, in both directions.
 */

interface UpstreamConfig {
  _apiVersion: string;
}

interface UpstreamClient {
  getAuthenticationString(
    method: string,
    path: string,
    date: string,
    body: string,
    contentType: string,
  ): string;
  getSignKey(secretKey: string, now: Date): string;
  sign(key: string, keyEncoding: string, message: string, digest: string): string;
  newSignedRequest(
    method: string,
    path: string,
    body: unknown,
  ): { method: string; uri: string; headers: Headers; body: unknown };
}

interface UpstreamModule {
  ClientConfig: new (accessKey: string, secretKey: string, endpoint: string) => UpstreamConfig;
  Client: new (config: UpstreamConfig) => UpstreamClient;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const upstream = require('backend.ai-client/backend.ai-client-node.js') as UpstreamModule;

export interface UpstreamSignatureInput {
  accessKey: string;
  secretKey: string;
  method: string;
  path: string;
  /** An ISO 8601 UTC date as `Date#toISOString` writes it. */
  date: string;
  host: string;
  contentType: string;
  apiVersion: string;
}

/** The hex signature upstream's client would send for this request. */
export function upstreamSignature(input: UpstreamSignatureInput): string {
  const config = new upstream.ClientConfig(input.accessKey, input.secretKey, `http://${input.host}`);
  config._apiVersion = input.apiVersion;
  const client = new upstream.Client(config);
  const stringToSign = client.getAuthenticationString(
    input.method,
    input.path,
    input.date,
    '',
    input.contentType,
  );
  const key = client.getSignKey(input.secretKey, new Date(input.date));
  return client.sign(key, 'binary', stringToSign, 'hex');
}

export interface UpstreamRequestInput {
  accessKey: string;
  secretKey: string;
  /** `http://host:port`, no path. */
  endpoint: string;
  apiVersion: string;
  method: string;
  /** Path and query, as the SDK's callers pass it. */
  path: string;
  /** A JSON value, a FormData, or null for no body. */
  body: unknown;
}

export interface UpstreamRequest {
  url: URL;
  method: string;
  /** Header values by lowercase name. */
  headers: Record<string, string>;
  /** The body as upstream sends it: a JSON string, the FormData, or ''. */
  body: unknown;
}

/** The request upstream's client would send, signed by it with the clock's current time. */
export function upstreamSignedRequest(input: UpstreamRequestInput): UpstreamRequest {
  const config = new upstream.ClientConfig(input.accessKey, input.secretKey, input.endpoint);
  config._apiVersion = input.apiVersion;
  const request = new upstream.Client(config).newSignedRequest(input.method, input.path, input.body);
  return {
    url: new URL(request.uri),
    method: request.method,
    headers: Object.fromEntries(request.headers.entries()),
    body: request.body,
  };
}
