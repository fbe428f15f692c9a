import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { IOptions } from 'etcd3';

/** What the store needs to reach etcd (the plugin's config, with defaults applied). */
export interface EtcdConnectionSettings {
  endpoints: string[];
  namespace: string;
  user?: string;
  password?: string;
  /** Milliseconds to wait for etcd when connecting and for each call. */
  requestTimeoutMs: number;
}

/** Longest wait between two attempts to re-open a watch stream after etcd went away. */
const WATCH_RECONNECT_MAX_DELAY_MS = 2000;

/**
 * How often an idle connection pings etcd. Without pings a watch over a connection whose peer
 * vanished silently (host powered off, network black hole) would wait forever; etcd refuses pings
 * more often than every 5 s (`--grpc-keepalive-min-time`).
 */
const KEEPALIVE_PING_INTERVAL_MS = 10_000;

/**
 * etcd3 client options: every unary call gets a deadline (a dead etcd fails the call instead
 * of hanging it), connections are pinged (a silent peer is noticed within ping interval + dial
 * timeout), and watch streams retry quickly (etcd3's default backoff grows to 30 s, so a watcher
 * could stay deaf that long after etcd came back).
 */
export function etcdClientOptions(settings: EtcdConnectionSettings): IOptions {
  const deadline = settings.requestTimeoutMs;
  return {
    hosts: settings.endpoints,
    dialTimeout: deadline,
    auth: settings.user ? { username: settings.user, password: settings.password ?? '' } : undefined,
    grpcOptions: {
      'grpc.keepalive_time_ms': KEEPALIVE_PING_INTERVAL_MS,
      'grpc.keepalive_timeout_ms': deadline,
      // Only while a call (a watch, a lease keepalive) is open: etcd counts pings on an idle
      // connection as abuse and closes it.
      'grpc.keepalive_permit_without_calls': 0,
    },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + deadline }),
    faultHandling: {
      // etcd3 calls `.next()` on this to start each series of delays, i.e. it wants a backoff
      // factory (as its own default, `new ExponentialBackoff()`), though its type says IBackoff.
      watchBackoff: new ExponentialBackoff({
        initialDelay: 100,
        maxDelay: WATCH_RECONNECT_MAX_DELAY_MS,
      }) as unknown as IBackoff<unknown>,
    },
  };
}
