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
  scheduler: {
    /**
     * Seconds between periodic scheduling passes over every resource group with pending sessions.
     */
    tickInterval: number;
    /**
     * Seconds a pass waits for the schedule/<resource-group> lock before giving up until the next trigger.
     */
    lockTimeout: number;
    /**
     * Seconds the schedule lock is leased for (Backend.AI's session_schedule_lock_lifetime).
     */
    lockLifetime: number;
    /**
     * Kernels one agent may host (Backend.AI's config/agent/max-container-count, which wins when the config store has it); 0 is no limit.
     */
    maxContainerCount: number;
    /**
     * Resource group (scaling group) of sessions that do not name one.
     */
    defaultResourceGroup: string;
    /**
     * Per resource group: the scheduler and agent selector to use, by registry name. Groups not listed use the deployment defaults.
     */
    resourceGroups: {
      [k: string]: {
        scheduler?: string;
        agentSelector?: string;
      };
    };
  };
  session: {
    /**
     * Seconds POST /session waits for the session to start when the request gives no maxWaitSeconds.
     */
    defaultStartTimeout: number;
    /**
     * Seconds DELETE /session/:id waits for the kernels to be reported terminated.
     */
    terminateTimeout: number;
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
  };
}
