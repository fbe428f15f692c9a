// Generated from tessera.configSchema in plugins/manager/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  service: {
    /**
     * Address the REST API listens on.
     */
    host: string;
    /**
     * TCP port of the REST API (0 picks a free port).
     */
    port: number;
  };
  auth: {
    /**
     * Seconds a signed request's date may differ from the server clock (Backend.AI: 15 minutes).
     */
    maxClockSkew: number;
  };
  api: {
    /**
     * Show agent ids (kernels' agents, agents in scheduling explanations) to superadmins only; others see agentId null and hidden-<n> labels (Backend.AI's [manager] hide-agents).
     */
    hideAgents: boolean;
    /**
     * Answer GraphQL schema introspection (__schema, __type) on /admin/graphql and /admin/gql, for tools such as GraphiQL (Backend.AI's config/api/allow-graphql-schema-introspection). Off by default.
     */
    allowGraphqlSchemaIntrospection: boolean;
    /**
     * Largest message, in bytes, a client may send on a WebSocket stream (/stream/...); a larger one closes the socket with 1009 (Backend.AI's [manager] max-wsmsg-size, 16 MiB).
     */
    maxWebSocketMessageSize: number;
    /**
     * Largest JSON request body, in bytes, the API reads; a larger one is refused with 400 generic-bad-request before the route runs (upstream's aiohttp client_max_size, 1 MiB).
     */
    maxJsonBodySize: number;
  };
  rateLimit: {
    /**
     * Seconds of the rolling window each access key's requests are counted in (Backend.AI: 15 minutes); also the X-RateLimit-Window header.
     */
    window: number;
    /**
     * Requests per window of a keypair whose rate_limit is 0 (not set); other keypairs get their own rate_limit.
     */
    defaultLimit: number;
    /**
     * Access keys the in-process store tracks at most (used when no plugin provides rate-limit-store); past it, the key hit longest ago is forgotten.
     */
    memoryMaxKeys: number;
  };
}
