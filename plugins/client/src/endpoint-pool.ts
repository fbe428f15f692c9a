import { BackendClientError } from './errors';
import { TransportFailure } from './http-transport';

/**
 * The manager endpoints of one cluster, tried in order. A request that could not even connect
 * moves on to the next endpoint, which then stays the active one; the caller sees an error only
 * when every endpoint failed. A request that reached a server is never repeated elsewhere.
 */
export class EndpointPool {
  private activeIndex = 0;

  constructor(private readonly endpoints: readonly URL[]) {}

  get active(): URL {
    return this.endpoints[this.activeIndex];
  }

  async use<T>(attempt: (endpoint: URL) => Promise<T>): Promise<T> {
    const failures: TransportFailure[] = [];
    for (let tried = 0; tried < this.endpoints.length; tried += 1) {
      const endpoint = this.active;
      try {
        return await attempt(endpoint);
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        if (error.phase !== 'connect' || error.code === 'ABORTED') throw describeFailure(error, [endpoint]);
        failures.push(error);
        this.activeIndex = (this.activeIndex + 1) % this.endpoints.length;
      }
    }
    throw describeFailure(failures[failures.length - 1], this.endpoints);
  }
}

/** `http://127.0.0.1:8091`: the endpoint as people recognise it, with any user:password removed. */
export function displayEndpoint(endpoint: URL): string {
  const path = endpoint.pathname === '/' ? '' : endpoint.pathname.replace(/\/$/, '');
  return `${endpoint.protocol}//${endpoint.host}${path}`;
}

function describeFailure(failure: TransportFailure, endpoints: readonly URL[]): BackendClientError {
  const where = endpoints.map(displayEndpoint).join(', ');
  if (failure.code === 'ABORTED') return new BackendClientError('aborted', 'the request was cancelled');
  if (failure.code === 'READ_TIMEOUT') {
    return new BackendClientError(
      'read-timeout',
      `the manager at ${where} did not answer in time (read timeout)`,
    );
  }
  const known = CONNECT_FAILURES[failure.code];
  if (failure.phase === 'exchange') {
    // The request may have reached the manager: say so, and never treat it as "not sent".
    const text = known?.text ?? failure.code;
    return new BackendClientError(
      'connection-lost',
      `lost the connection to the manager at ${where} (${text})`,
      {
        cause: failure,
      },
    );
  }
  if (known) {
    return new BackendClientError(known.reason, `cannot reach the manager at ${where} (${known.text})`, {
      cause: failure,
    });
  }
  return new BackendClientError(
    'connection-failed',
    `cannot reach the manager at ${where} (${failure.code})`,
    {
      cause: failure,
    },
  );
}

const CONNECT_FAILURES: Record<string, { reason: BackendClientError['reason']; text: string }> = {
  ECONNREFUSED: { reason: 'connection-refused', text: 'connection refused' },
  CONNECT_TIMEOUT: { reason: 'connect-timeout', text: 'connection timed out' },
  ETIMEDOUT: { reason: 'connect-timeout', text: 'connection timed out' },
  ENOTFOUND: { reason: 'host-not-found', text: 'host not found' },
  EAI_AGAIN: { reason: 'host-not-found', text: 'host name lookup failed' },
  EHOSTUNREACH: { reason: 'connection-failed', text: 'host unreachable' },
  ENETUNREACH: { reason: 'connection-failed', text: 'network unreachable' },
  ECONNRESET: { reason: 'connection-failed', text: 'connection reset' },
  EPIPE: { reason: 'connection-failed', text: 'connection closed' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: 'connection-failed', text: 'self-signed TLS certificate' },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: 'connection-failed', text: 'self-signed TLS certificate in chain' },
  CERT_HAS_EXPIRED: { reason: 'connection-failed', text: 'TLS certificate expired' },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    reason: 'connection-failed',
    text: 'TLS certificate does not match the host',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    reason: 'connection-failed',
    text: 'TLS certificate cannot be verified',
  },
};
