import { availableParallelism, totalmem } from 'node:os';
import Decimal from 'decimal.js';
import { parseAmount } from '@tessera/core';
import type { Config } from './config.generated';

/** The cpu and mem the agent reports, as decimal strings. */
export interface IntrinsicCapacity {
  cpu: string;
  mem: string;
}

/**
 * Explicit `cpu`/`mem` win; otherwise the host's cores and memory minus Backend.AI's reserved
 * amounts (reserved-cpu, reserved-mem), never below zero.
 */
export function intrinsicCapacity(
  config: Pick<Config, 'cpu' | 'mem' | 'reservedCpu' | 'reservedMem'>,
  host: { cores: number; memory: number } = { cores: availableParallelism(), memory: totalmem() },
): IntrinsicCapacity {
  const cpu =
    config.cpu !== undefined
      ? parseAmount('cpu', config.cpu, 'count')
      : Decimal.max(0, new Decimal(host.cores).sub(config.reservedCpu));
  const mem =
    config.mem !== undefined
      ? parseAmount('mem', config.mem, 'bytes')
      : Decimal.max(0, new Decimal(host.memory).sub(parseAmount('reservedMem', config.reservedMem, 'bytes')));
  return { cpu: cpu.toFixed(), mem: mem.floor().toFixed() };
}
