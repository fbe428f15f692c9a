import type { WebSocket } from 'ws';
import { createExtensionPoint, type KeypairRecord } from '@tessera/core';
import type { AccessPolicy } from '../access/access-policy';

/** An authenticated WebSocket handshake on a contributed path, before it is upgraded. */
export interface StreamRequest {
  /** The path as matched: without the query and without a `/v<major>` prefix. */
  readonly path: string;
  /** The pattern's `:name` segments, URI-decoded (`{ id: 'my-session' }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The caller, authenticated as REST requests are (signed `GET`, active keypair). */
  readonly keypair: KeypairRecord;
  /** The API version the caller signed with. */
  readonly apiVersion: string;
  /** The manager's permission table (what `kit.access` is to REST routes). */
  readonly access: AccessPolicy;
  /** Aborts when the manager begins to stop: end the stream then (the host closes the socket). */
  readonly signal: AbortSignal;
}

/**
 * Serves one opened socket. The host closes the socket (1000) when the returned promise settles
 * and it is still open, or 1011 when it rejects; a handler may close it earlier with its own code.
 */
export type StreamHandler = (socket: WebSocket) => Promise<void>;

/**
 * `manager/stream-routes`: a WebSocket endpoint of a feature plugin (Backend.AI's `/stream/...`:
 * streaming execute, the app list, later the pty). `path` is a pattern of literal segments and
 * `:name` segments (`/stream/session/:id/execute`), matched after the host strips a `/v<major>`
 * prefix; two contributions may not claim the same path.
 *
 * On an upgrade request the host matches the path (no match: 404 `url-not-found`), checks the
 * signature like REST (401/400), then calls `accept`, which looks up what the stream needs and
 * decides whether the caller may open it: a `TesseraError` it throws (session not found, forbidden)
 * is answered as problem+json with its status before any upgrade. What `accept` returns serves
 * the socket once the host has upgraded the connection with `ws`. When the manager stops it
 * aborts `request.signal`, waits briefly for handlers to end, then closes what is left with 1001.
 * Plain HTTP requests on a stream path (no `Upgrade: websocket`) are answered 400 unless a REST
 * route of the same path answers them first.
 */
export interface StreamRouteContribution {
  readonly path: string;
  accept(request: StreamRequest): Promise<StreamHandler>;
}

export const StreamRoutes = createExtensionPoint<StreamRouteContribution>('manager/stream-routes');
