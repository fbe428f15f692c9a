import { formatBinarySize, parseBinarySize, type KernelResourceOpts } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

const SHMEM_EXPECTED = 'a whole number of bytes or a size such as 64m or 1g';

/**
 * `resource_opts` of a create request (Backend.AI's per-kernel options beside the slots): `shmem`,
 * the size of `/dev/shm`, as a binary size (`"64m"`, `"1g"`) or a number of bytes, becomes bytes
 * as a decimal string. Other keys are not used by any backend and are dropped. A malformed value
 * is a 400 naming the field.
 */
export function parseResourceOpts(input: Record<string, unknown> | null): KernelResourceOpts {
  if (!input || input['shmem'] === undefined || input['shmem'] === null) return {};
  const value = input['shmem'];
  const refuse = (why: string) =>
    ManagerErrors.invalidParams(`Invalid parameter resource_opts.shmem: ${why}`, {
      field: 'resource_opts.shmem',
      value,
      expected: SHMEM_EXPECTED,
    });
  if (typeof value !== 'string' && typeof value !== 'number')
    throw refuse(`expected ${SHMEM_EXPECTED}, got ${JSON.stringify(value)}`);
  let bytes;
  try {
    bytes = parseBinarySize(value, 'resource_opts.shmem');
  } catch {
    throw refuse(`"${String(value)}" is not ${SHMEM_EXPECTED}`);
  }
  if (!bytes.isFinite() || bytes.isZero())
    throw refuse(`"${String(value)}" is not a usable size (it must be more than 0 and finite)`);
  return { shmem: bytes.toFixed() };
}

/**
 * Backend.AI's rule: shared memory lives outside the container's memory limit's reach but in the
 * host's memory, so it must stay below the memory each kernel asks for. `mem` is in bytes.
 */
export function checkShmemBelowMemory(opts: KernelResourceOpts, mem: string | undefined): void {
  if (opts.shmem === undefined || mem === undefined) return;
  if (parseBinarySize(opts.shmem).lt(parseBinarySize(mem))) return;
  throw ManagerErrors.invalidParams(
    `Invalid parameter resource_opts.shmem: shared memory (${formatBinarySize(opts.shmem)}) must be less ` +
      `than the memory each kernel asks for (${formatBinarySize(mem)})`,
    { field: 'resource_opts.shmem', shmem: opts.shmem, mem },
  );
}
