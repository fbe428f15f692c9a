import { expect } from 'chai';
import Decimal from 'decimal.js';
import {
  AllocationError,
  type AllocMap,
  type DeviceAllocation,
  DiscreteAllocMap,
  FractionAllocMap,
  FractionalResourceFragmented,
  InsufficientResource,
  InvalidResourceArgument,
  InvalidResourceCombination,
  NotMultipleOfQuantum,
  TesseraError,
} from '@tessera/core';
import { seededRandom } from '../../slots/seeded-random';

const sum = (allocation: DeviceAllocation) =>
  Object.values(allocation)
    .flatMap((perDevice) => Object.values(perDevice))
    .reduce((total, amount) => total.plus(amount), new Decimal(0));

interface Scenario {
  name: string;
  make: () => AllocMap;
  request: (random: () => number) => Record<string, string>;
  quantum?: string;
  fragmentation?: boolean;
}

const shares = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ deviceId: `gpu${i}`, slotName: 'cuda.shares', amount: '1' }));
const cores = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ deviceId: String(i), slotName: 'cpu', amount: '1' }));

const scenarios: Scenario[] = [
  {
    name: 'fractional EVENLY, 8 devices, quantum 0.01',
    make: () => new FractionAllocMap({ devices: shares(8), strategy: 'EVENLY', quantum: '0.01' }),
    request: (random) => ({ 'cuda.shares': ((random() % 250) / 100 + 0.01).toFixed(2) }),
    quantum: '0.01',
  },
  {
    name: 'fractional FILL, 8 devices, quantum 0.05, fragmentation refused',
    make: () => new FractionAllocMap({ devices: shares(8), strategy: 'FILL', quantum: '0.05' }),
    request: (random) => ({ 'cuda.shares': ((random() % 300) / 100 + 0.01).toFixed(2) }),
    quantum: '0.05',
    fragmentation: false,
  },
  {
    name: 'fractional EVENLY, 4 devices, quantum 0.1, three-decimal requests',
    make: () => new FractionAllocMap({ devices: shares(4), strategy: 'EVENLY', quantum: '0.1' }),
    request: (random) => ({ 'cuda.shares': ((random() % 2000) / 1000 + 0.001).toFixed(3) }),
    quantum: '0.1',
  },
  {
    name: 'discrete EVENLY, 16 cores',
    make: () => new DiscreteAllocMap({ devices: cores(16), strategy: 'EVENLY' }),
    request: (random) => ({ cpu: String((random() % 6) + 1) }),
  },
  {
    name: 'discrete FILL, 16 cores',
    make: () => new DiscreteAllocMap({ devices: cores(16), strategy: 'FILL' }),
    request: (random) => ({ cpu: String((random() % 6) + 1) }),
  },
];

describe('allocation maps: properties over random allocate/free sequences', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: capacity holds, free restores exactly, failures change nothing`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const random = seededRandom(seed);
        const map = scenario.make();
        const live: DeviceAllocation[] = [];
        let failures = 0;
        for (let step = 0; step < 60; step++) {
          const before = map.allocated();
          if (live.length > 0 && random() % 3 === 0) {
            map.free(live.splice(random() % live.length, 1)[0]!);
          } else {
            try {
              const options = scenario.fragmentation === false ? { allowFragmentation: false } : {};
              const allocation = map.allocate(scenario.request(random), options);
              if (scenario.quantum) {
                for (const amount of Object.values(allocation['cuda.shares'] ?? {})) {
                  expect(
                    new Decimal(amount).mod(scenario.quantum).isZero(),
                    `${amount} is a multiple`,
                  ).to.equal(true);
                }
              }
              live.push(allocation);
            } catch (error) {
              expect(error, String(error)).to.be.instanceOf(AllocationError);
              expect(map.allocated(), `seed ${seed} step ${step}`).to.deep.equal(before);
              failures++;
            }
          }
          for (const usage of map.view()) {
            expect(usage.allocated.gte(0) && usage.allocated.lte(usage.capacity), `seed ${seed}`).to.equal(
              true,
            );
          }
          expect(
            sum(map.allocated()).eq(live.reduce((total, a) => total.plus(sum(a)), new Decimal(0))),
          ).to.equal(true);
        }
        for (const allocation of live) map.free(allocation);
        for (const usage of map.view()) expect(usage.allocated.isZero(), `seed ${seed}`).to.equal(true);
        expect(failures, 'the sequence reaches full devices').to.be.greaterThan(0);
      }
    });
  }
});

describe('allocation errors', () => {
  it('share one base class, carry stable codes and map to Backend.AI agent problem types', () => {
    const cases: Array<[TesseraError, string]> = [
      [new InsufficientResource('cpu', new Decimal(4), new Decimal(3)), 'agent/insufficient-resource'],
      [
        new FractionalResourceFragmented('cuda.shares', new Decimal(1), []),
        'agent/fractional-resource-fragmented',
      ],
      [
        new InvalidResourceCombination('cuda.device', new Decimal(1), 'cuda.shares', new Decimal(0.5)),
        'invalid-api-params',
      ],
      [
        InvalidResourceArgument.uniqueNotOne('cuda.device:1g.5gb-mig', new Decimal(2)),
        'agent/invalid-resource-argument',
      ],
      [
        new NotMultipleOfQuantum('cuda.shares', new Decimal('0.005'), new Decimal('0.01'), new Decimal(1)),
        'agent/not-multiple-of-quantum',
      ],
    ];
    for (const [error, problem] of cases) {
      expect(error).to.be.instanceOf(AllocationError);
      expect(error.status).to.equal(400);
      expect(error.problemType).to.equal(`https://api.backend.ai/probs/${problem}`);
    }
    expect(cases[4]![0]).to.be.instanceOf(InvalidResourceArgument);
  });

  it('refuse a quantum that is not positive and a device listed twice, naming them', () => {
    expect(() => new FractionAllocMap({ devices: shares(1), quantum: '0' }))
      .to.throw(/"quantum" has an invalid amount "0"/)
      .with.property('code', 'invalid-resource-argument');
    expect(() => new DiscreteAllocMap({ devices: [...cores(1), ...cores(1)] })).to.throw(
      /"0" is listed twice/,
    );
  });
});
