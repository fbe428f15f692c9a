// Generated from tessera.configSchema in plugins/manager-events/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Seconds between two keep-alive comments (`: ping`) on an idle stream.
   */
  keepAliveInterval: number;
  /**
   * Session events this manager keeps for clients that resume with Last-Event-ID (a ring: the oldest goes first).
   */
  sessionEventBuffer: number;
  /**
   * Sessions whose name, owner and project are kept in memory, so a busy stream does not read the database for every event.
   */
  sessionCacheSize: number;
  /**
   * Seconds a cached session is trusted before it is read again (a rename shows after at most this long).
   */
  sessionCacheTtl: number;
  /**
   * Seconds the last state of a background task is kept after its last event, for clients that connect late (Backend.AI keeps 24 hours).
   */
  taskRetention: number;
  /**
   * Background tasks whose last state is kept; past this, the least recently updated is forgotten.
   */
  maxTrackedTasks: number;
  /**
   * Bytes a stream may have written but not yet sent to a slow client; past this the stream is closed (the client may resume with Last-Event-ID).
   */
  maxQueuedBytes: number;
  /**
   * Consumer group of this manager's anycast subscriptions (kernel_* and session_enqueued). Must differ between manager processes; when absent, `manager-events@<node id>`.
   */
  consumerGroup?: string;
}
