/**
 * The signature as Backend.AI's own JavaScript client (npm `backend.ai-client`, a dev dependency
 * of the repository) computes it. Tests use it as an independent oracle for our signRequest.
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
