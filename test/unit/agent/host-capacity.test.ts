import { expect } from 'chai';
import { intrinsicCapacity } from '@tessera/agent';

const GiB = 1024 ** 3;

describe('agent: reported cpu and mem', () => {
  const cases = [
    {
      name: "host minus Backend.AI's reserved defaults (1 core, 1 GiB)",
      config: { reservedCpu: 1, reservedMem: '1g' },
      host: { cores: 8, memory: 16 * GiB },
      expected: { cpu: '7', mem: String(15 * GiB) },
    },
    {
      name: 'never below zero',
      config: { reservedCpu: 4, reservedMem: '64g' },
      host: { cores: 2, memory: 8 * GiB },
      expected: { cpu: '0', mem: '0' },
    },
    {
      name: 'explicit amounts win over the host',
      config: { cpu: 3, mem: '2g', reservedCpu: 1, reservedMem: '1g' },
      host: { cores: 64, memory: 512 * GiB },
      expected: { cpu: '3', mem: String(2 * GiB) },
    },
    {
      name: 'reserved memory in bytes',
      config: { reservedCpu: 0, reservedMem: 1024 },
      host: { cores: 1, memory: 4096 },
      expected: { cpu: '1', mem: '3072' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(intrinsicCapacity(c.config, c.host)).to.deep.equal(c.expected);
    });
  }
});
