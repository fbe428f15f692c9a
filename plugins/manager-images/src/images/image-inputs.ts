import { ManagerErrors } from '@tessera/manager';
import { parseAmount, type ImageChanges } from '@tessera/core';

/** Backend.AI's `DEFAULT_IMAGE_ARCH`. */
export const DEFAULT_ARCHITECTURE = 'x86_64';

/** The architectures images are built for (Docker's and the kernel's names both). */
export const KNOWN_ARCHITECTURES = ['x86_64', 'aarch64', 'arm64', 'ppc64le', 's390x', 'riscv64'] as const;

/** Backend.AI's image kinds (`ai.backend.role`). */
export const IMAGE_KINDS = ['COMPUTE', 'INFERENCE', 'SYSTEM'] as const;

/** The architecture as given, or invalid-api-params naming the argument and the known ones. */
export function checkArchitecture(architecture: string, field = 'architecture'): string {
  if (!(KNOWN_ARCHITECTURES as readonly string[]).includes(architecture))
    throw ManagerErrors.invalidParams(
      `${field}: expected one of ${KNOWN_ARCHITECTURES.join(', ')}, got "${architecture}"`,
      { field },
    );
  return architecture;
}

/** A non-empty reference or alias without spaces, or invalid-api-params naming the argument. */
export function checkName(value: string, field: string): string {
  if (value.trim() === '' || /\s/.test(value))
    throw ManagerErrors.invalidParams(`${field}: expected a non-empty image reference without spaces`, {
      field,
    });
  return value;
}

export interface ModifyImageProps {
  name?: string | null;
  registry?: string | null;
  image?: string | null;
  tag?: string | null;
  architecture?: string | null;
  size_bytes?: number | null;
  type?: string | null;
  digest?: string | null;
  labels?: Array<{ key?: string | null; value?: string | null }> | null;
  supported_accelerators?: string[] | null;
  resource_limits?: Array<{ key?: string | null; min?: string | null; max?: string | null }> | null;
}

/**
 * The changes `modify_image` props ask for, checked: every problem is invalid-api-params naming
 * the field (`props.resource_limits[0].min`) and what is expected. Null or absent fields stay.
 */
export function imageChanges(props: ModifyImageProps): ImageChanges {
  const changes: ImageChanges = {};
  if (props.name != null) changes.name = checkName(props.name, 'props.name');
  if (props.registry != null) changes.registry = checkName(props.registry, 'props.registry');
  if (props.image != null)
    throw ManagerErrors.invalidParams('props.image: not supported here; rename with props.name', {
      field: 'props.image',
    });
  if (props.tag != null) changes.tag = checkName(props.tag, 'props.tag');
  if (props.architecture != null)
    changes.architecture = checkArchitecture(props.architecture, 'props.architecture');
  if (props.size_bytes != null) {
    if (!Number.isSafeInteger(props.size_bytes) || props.size_bytes < 0)
      throw ManagerErrors.invalidParams('props.size_bytes: expected a whole number of bytes, 0 or more', {
        field: 'props.size_bytes',
      });
    changes.sizeBytes = props.size_bytes;
  }
  if (props.type != null) {
    if (!(IMAGE_KINDS as readonly string[]).includes(props.type))
      throw ManagerErrors.invalidParams(`props.type: expected one of ${IMAGE_KINDS.join(', ')}`, {
        field: 'props.type',
      });
    changes.type = props.type;
  }
  if (props.digest != null) changes.digest = props.digest === '' ? null : props.digest;
  if (props.labels != null) {
    const labels: Record<string, string> = {};
    props.labels.forEach((pair, index) => {
      if (!pair.key)
        throw ManagerErrors.invalidParams(`props.labels[${index}].key: expected a non-empty label name`, {
          field: `props.labels[${index}].key`,
        });
      labels[pair.key] = pair.value ?? '';
    });
    changes.labels = labels;
  }
  if (props.supported_accelerators != null)
    changes.accelerators = props.supported_accelerators.map((name) => name.trim()).filter(Boolean);
  if (props.resource_limits != null) {
    const limits: NonNullable<ImageChanges['resourceLimits']> = {};
    props.resource_limits.forEach((limit, index) => {
      const at = `props.resource_limits[${index}]`;
      if (!limit.key)
        throw ManagerErrors.invalidParams(`${at}.key: expected a slot name (cpu, mem, cuda.shares...)`, {
          field: `${at}.key`,
        });
      const entry: { min?: string; max?: string } = {};
      for (const bound of ['min', 'max'] as const) {
        const value = limit[bound];
        if (value == null || value === '') continue;
        entry[bound] = amount(limit.key, value, `${at}.${bound}`);
      }
      limits[limit.key] = entry;
    });
    changes.resourceLimits = limits;
  }
  return changes;
}

/** An amount as a decimal string (sizes such as `1g` for memory slots), or invalid-api-params naming the field. */
function amount(slot: string, value: string, field: string): string {
  try {
    return parseAmount(slot, value, slot.includes('mem') ? 'bytes' : 'count').toFixed();
  } catch {
    throw ManagerErrors.invalidParams(`${field}: expected an amount such as 1, 0.5 or 1g, got "${value}"`, {
      field,
    });
  }
}
