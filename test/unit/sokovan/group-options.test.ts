import { expect } from 'chai';
import type { ConfigStore, ResourceGroupRecord } from '@tessera/core';
import { groupOptions } from '@tessera/sokovan';

function group(schedulerOpts: Record<string, unknown>): ResourceGroupRecord {
  return { name: 'gpu', isActive: true, scheduler: 'fifo', schedulerOpts };
}

/** A config store that only answers `get` (what groupOptions reads). */
function storeWith(values: Record<string, unknown>): ConfigStore {
  return { get: async (key: string) => values[key] ?? null } as unknown as ConfigStore;
}

describe("sokovan: a resource group's scheduling options", () => {
  it('reads pending_timeout in seconds and hands scheduler_opts.config to the policy', async () => {
    const options = await groupOptions(
      group({ pending_timeout: '90', config: { num_retries_to_skip: 3 } }),
      undefined,
      0,
    );
    expect(options).to.deep.equal({
      pendingTimeoutMs: 90_000,
      maxContainerCount: null,
      schedulerConfig: { num_retries_to_skip: 3 },
    });
  });

  it('leaves the policy config out when the group has none (or it is not an object)', async () => {
    for (const config of [undefined, {}, ['num_retries_to_skip'], 'x']) {
      const options = await groupOptions(group({ config }), undefined, 0);
      expect(options).to.not.have.property('schedulerConfig');
    }
    expect(await groupOptions(null, undefined, 0)).to.deep.equal({
      pendingTimeoutMs: 0,
      maxContainerCount: null,
    });
  });

  it("takes the container limit from the config store's config/agent/max-container-count, else the manager's", async () => {
    const stored = storeWith({ 'config/agent/max-container-count': '5' });
    expect((await groupOptions(group({}), stored, 8)).maxContainerCount).to.equal(5);
    expect((await groupOptions(group({}), storeWith({}), 8)).maxContainerCount).to.equal(8);
    expect((await groupOptions(group({}), storeWith({}), 0)).maxContainerCount).to.equal(null);
  });
});
