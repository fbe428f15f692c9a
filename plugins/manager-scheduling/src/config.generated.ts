// Generated from tessera.configSchema in plugins/manager-scheduling/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
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
   * Per resource group: the scheduler and agent selector to use, by registry name. Groups not listed use the deployment defaults.
   */
  resourceGroups: {
    [k: string]: {
      scheduler?: string;
      agentSelector?: string;
    };
  };
  /**
   * Seconds without a heartbeat after which an agent is LOST: it leaves scheduling and its kernels end with reason agent-termination (Backend.AI's [manager] heartbeat-timeout). Checked by the leading manager.
   */
  heartbeatTimeout: number;
  /**
   * Seconds between the leading manager's checks for agents past heartbeatTimeout.
   */
  heartbeatCheckInterval: number;
}
