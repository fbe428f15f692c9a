import { expect } from 'chai';
import { presetAvailability, type PresetSnapshot } from '@tessera/manager-resources';

const GIB = 1024 ** 3;

/** An idle cluster: one 4-cpu, 8 GiB agent in `default`, an unlimited policy, no project or domain limit. */
function snapshot(overrides: Partial<PresetSnapshot> = {}): PresetSnapshot {
  return {
    slotTypes: { cpu: 'count', mem: 'bytes' },
    keypairPolicy: { totalResourceSlots: {}, defaultForUnspecified: 'UNLIMITED' },
    keypairUsing: {},
    projectLimits: {},
    projectUsing: {},
    domainLimits: {},
    domainUsing: {},
    resourceGroups: ['default'],
    userUsingByGroup: {},
    agents: [
      { resourceGroup: 'default', availableSlots: { cpu: '4', mem: String(8 * GIB) }, occupiedSlots: {} },
    ],
    presets: [
      {
        name: 'small',
        resourceSlots: { cpu: '1', mem: String(GIB) },
        sharedMemory: null,
        resourceGroup: null,
      },
      {
        name: 'large',
        resourceSlots: { cpu: '4', mem: String(8 * GIB) },
        sharedMemory: GIB,
        resourceGroup: null,
      },
    ],
    showProjectFigures: true,
    ...overrides,
  };
}

const fits = (s: PresetSnapshot) =>
  Object.fromEntries(presetAvailability(s).presets.map((preset) => [preset.name, preset.allocatable]));

describe('presetAvailability (check-presets arithmetic)', () => {
  const cases: Array<{
    title: string;
    given: Partial<PresetSnapshot>;
    remaining: Record<string, string>;
    fit: Record<string, boolean>;
  }> = [
    {
      title: 'an idle agent and no limits: everything fits, the remainder is unlimited',
      given: {},
      remaining: { cpu: 'Infinity', mem: 'Infinity' },
      fit: { small: true, large: true },
    },
    {
      title: 'a LIMITED policy: unlisted slots are zero, so nothing fits',
      given: { keypairPolicy: { totalResourceSlots: { cpu: '8' }, defaultForUnspecified: 'LIMITED' } },
      remaining: { cpu: '8', mem: '0' },
      fit: { small: false, large: false },
    },
    {
      title: "the keypair's use lowers its remainder",
      given: {
        keypairPolicy: { totalResourceSlots: { cpu: '4', mem: '8g' }, defaultForUnspecified: 'LIMITED' },
        keypairUsing: { cpu: '1', mem: String(GIB) },
      },
      remaining: { cpu: '3', mem: String(7 * GIB) },
      fit: { small: true, large: false },
    },
    {
      title: "the project's remainder caps the keypair's",
      given: { projectLimits: { cpu: '2' }, projectUsing: { cpu: '1.5' } },
      remaining: { cpu: '0.5', mem: 'Infinity' },
      fit: { small: false, large: false },
    },
    {
      title: "the domain's remainder caps it too",
      given: { domainLimits: { mem: '2g' }, domainUsing: { mem: String(GIB) } },
      remaining: { cpu: 'Infinity', mem: String(GIB) },
      fit: { small: true, large: false },
    },
    {
      title: 'a preset must fit in one agent, not in the sum of two',
      given: {
        agents: [
          { resourceGroup: 'default', availableSlots: { cpu: '2', mem: String(8 * GIB) }, occupiedSlots: {} },
          { resourceGroup: 'default', availableSlots: { cpu: '2', mem: String(8 * GIB) }, occupiedSlots: {} },
        ],
      },
      remaining: { cpu: 'Infinity', mem: 'Infinity' },
      fit: { small: true, large: false },
    },
  ];
  for (const { title, given, remaining, fit } of cases) {
    it(title, () => {
      expect(presetAvailability(snapshot(given)).keypair_remaining).to.deep.equal(remaining);
      expect(fits(snapshot(given))).to.deep.equal(fit);
    });
  }

  it("caps each resource group's free room by the remainder and sums them", () => {
    const answer = presetAvailability(
      snapshot({
        keypairPolicy: { totalResourceSlots: { cpu: '5' }, defaultForUnspecified: 'UNLIMITED' },
        resourceGroups: ['default', 'gpu'],
        userUsingByGroup: { gpu: { cpu: '1' } },
        agents: [
          { resourceGroup: 'default', availableSlots: { cpu: '4', mem: '100' }, occupiedSlots: { cpu: '1' } },
          {
            resourceGroup: 'gpu',
            availableSlots: { cpu: '8', mem: '100', 'cuda.device': '2' },
            occupiedSlots: {},
          },
        ],
      }),
    );
    expect(answer.scaling_groups).to.deep.equal({
      default: { using: { cpu: '0', mem: '0' }, remaining: { cpu: '3', mem: '100' } },
      gpu: { using: { cpu: '1', mem: '0' }, remaining: { cpu: '5', mem: '100' } },
    });
    expect(answer.scaling_group_remaining).to.deep.equal({ cpu: '5', mem: '200' });
  });

  it('drops slots the cluster does not know from presets and agents', () => {
    const answer = presetAvailability(
      snapshot({
        presets: [
          {
            name: 'gpu',
            resourceSlots: { cpu: '1', 'cuda.device': '1' },
            sharedMemory: null,
            resourceGroup: null,
          },
        ],
      }),
    );
    expect(answer.presets).to.deep.equal([
      { name: 'gpu', resource_slots: { cpu: '1', mem: '0' }, shared_memory: null, allocatable: true },
    ]);
  });

  it("counts only its own group's agents for a group preset", () => {
    const answer = presetAvailability(
      snapshot({
        presets: [
          { name: 'pool', resourceSlots: { cpu: '1' }, sharedMemory: null, resourceGroup: 'elsewhere' },
        ],
      }),
    );
    expect(answer.presets[0]!.allocatable).to.equal(false);
  });

  it('shows the project figures as NaN when they are hidden', () => {
    const answer = presetAvailability(snapshot({ showProjectFigures: false, projectLimits: { cpu: '2' } }));
    expect(answer.group_limits).to.deep.equal({ cpu: 'NaN', mem: 'NaN' });
    expect(answer.group_using).to.deep.equal({ cpu: 'NaN', mem: 'NaN' });
    expect(answer.keypair_remaining).to.deep.equal({ cpu: '2', mem: 'Infinity' });
  });
});
