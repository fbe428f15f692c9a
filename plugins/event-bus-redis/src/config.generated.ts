// Generated from tessera.configSchema in plugins/event-bus-redis/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Redis URL (redis:// or rediss://). A password in the URL works too.
   */
  url: string;
  /**
   * Redis database of the stream (Backend.AI keeps its event stream in DB 4). A database named in the URL (redis://host:6379/2) wins.
   */
  db: number;
  /**
   * Redis password, when the URL does not carry one.
   */
  password?: string;
  /**
   * Stream key that carries anycast events.
   */
  stream: string;
  /**
   * Pub/sub channel that carries broadcast events.
   */
  channel: string;
  /**
   * Consumer name inside each consumer group; unique per process. Default: <node id>-<pid>.
   */
  consumer?: string;
  /**
   * How long one XREADGROUP waits for new entries before the consumer looks at its other work (reclaiming).
   */
  blockMs: number;
  /**
   * Entries read (and handled one by one) per XREADGROUP.
   */
  batchSize: number;
  /**
   * How long an entry may stay pending (delivered, not acknowledged) before another consumer of its group claims it. Must exceed the longest handler run.
   */
  claimIdleMs: number;
  /**
   * Redeliveries of an anycast event whose handler threw (or whose consumer died), before it is dropped with an error log (Backend.AI drops after 3).
   */
  maxRetries: number;
  /**
   * Wait before each redelivery.
   */
  retryDelayMs: number;
  /**
   * Once the stream is longer than this, entries every consumer group has acknowledged are trimmed. Entries a group has not read or not acknowledged are never trimmed.
   */
  maxLength: number;
  /**
   * Publishes kept waiting while Redis is unreachable; beyond it publish fails at once with event-bus-unavailable.
   */
  offlineQueueLimit: number;
}
