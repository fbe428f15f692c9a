import { join } from 'node:path';
import { resolveDeploymentFrom } from '@tessera/core';
import type { Config } from '@tessera/event-bus-redis';
import { REPO_ROOT } from '../../../support/plugin-sandbox';

/**
 * The config the kernel hands the event-bus-redis plugin for these manifest values: validated
 * against the package's schema, with its defaults filled in (the plugin applies none of its own).
 */
export function busConfig(values: Partial<Config> = {}): Config {
  const deployment = resolveDeploymentFrom(
    {
      path: join(REPO_ROOT, 'bus-config.yaml'),
      locate: () => undefined,
      manifest: {
        apiVersion: 'tessera/v1',
        kind: 'Deployment',
        name: 'bus-config',
        roles: ['manager'],
        plugins: [{ package: '@tessera/event-bus-redis', config: values }],
      },
    },
    { env: {}, cwd: REPO_ROOT },
  );
  return deployment.plugins[0]!.config as unknown as Config;
}
