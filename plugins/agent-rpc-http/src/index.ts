export { default } from './plugin';
export type { AgentRpcHttpInstance } from './plugin';
export { DEFAULT_RPC_PORT, parseHttpRpcAddress, type HttpRpcAddress } from './address';
export {
  ClusterSecret,
  generateSecret,
  MIN_SECRET_LENGTH,
  type ClusterSecretOptions,
} from './cluster-secret';
export { AgentRpcHttpErrors } from './errors';
export {
  backoffMs,
  FIRST_BACKOFF_MS,
  HttpAgentRpcClient,
  IDEMPOTENT_METHODS,
  MAX_BACKOFF_MS,
  mayRetry,
  type ClientSettings,
} from './rpc-client';
export { serveHttpRpc, type HttpRpcServing, type ServerSettings } from './rpc-server';
export {
  AUTH_SCHEME,
  authorizationFor,
  DATE_HEADER,
  dateProblem,
  parseAuthorization,
  sha256Hex,
  signatureMatches,
  stringToSign,
} from './signing';
export { SigningSecret } from './signing-secret';
export { openHttpTerminal, type TerminalClientSettings } from './terminal-client';
export { TerminalServer, type TerminalServerSettings } from './terminal-server';
export {
  parseAgentTerminalMessage,
  parseManagerTerminalMessage,
  parseTerminalTarget,
  TERMINAL_CLOSE,
  TERMINAL_MAX_BACKLOG,
  terminalTarget,
  type AgentTerminalMessage,
  type ManagerTerminalMessage,
} from './terminal-wire';
export { HttpAgentRpcTransport, settingsFromConfig, type HttpTransportSettings } from './transport';
export {
  decodeCallError,
  encodeCallError,
  isWireError,
  type WireCall,
  type WireError,
  type WireResult,
} from './wire';
export type { Config } from './config.generated';
