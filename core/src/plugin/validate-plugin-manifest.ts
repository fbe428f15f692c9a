import Ajv, { type ValidateFunction } from 'ajv';
import semver from 'semver';
import { CONTRACT_VERSIONS, NAMED_KINDS } from '../contracts/token';
import { createConfigAjv } from './config-ajv';
import { CORE_VERSION } from '../version';
import { PLUGIN_MANIFEST_SCHEMA, type PluginManifest } from './plugin-manifest';

/** Compiled on first use: importing the core (every CLI command does) should not pay for it. */
let shapeValidator: ValidateFunction | undefined;
const validateShape = (): ValidateFunction =>
  (shapeValidator ??= new Ajv({ allErrors: true, strict: false }).compile(PLUGIN_MANIFEST_SCHEMA));
const validateSchemaItself = (schema: unknown): string | null => {
  try {
    createConfigAjv().compile(schema as object);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

export interface ManifestProblem {
  code: 'plugin-manifest-invalid' | 'plugin-contract-unsupported' | 'plugin-core-incompatible';
  message: string;
}

/**
 * Checks a package's `tessera` field without running the package: its shape, that the kind and
 * contract agree, that the core speaks the contract's major version (for the core's own kinds; a
 * kind declared by a plugin is checked against its owner when a deployment is resolved), that the
 * plugin accepts this core version, and that its config schema compiles in ajv's strict mode (so
 * a typo such as `"defualt"` is an error, not an ignored keyword).
 */
export function validatePluginManifest(packageName: string, field: unknown): ManifestProblem[] {
  const validShape = validateShape();
  if (!validShape(field)) {
    return (validShape.errors ?? []).map((e) => ({
      code: 'plugin-manifest-invalid',
      message: `${packageName}: package.json tessera${e.instancePath.replace(/\//g, '.')} ${e.message}`,
    }));
  }
  const manifest = field as PluginManifest;
  const problems: ManifestProblem[] = [];
  const [contractKind, contractMajor] = manifest.contract.split('/v');
  if (contractKind !== manifest.kind) {
    problems.push({
      code: 'plugin-manifest-invalid',
      message: `${packageName}: contract "${manifest.contract}" does not match kind "${manifest.kind}"`,
    });
  } else if (
    CONTRACT_VERSIONS[manifest.kind] !== undefined &&
    Number(contractMajor) !== CONTRACT_VERSIONS[manifest.kind]
  ) {
    problems.push({
      code: 'plugin-contract-unsupported',
      message:
        `${packageName} implements ${manifest.contract}, but this core (${CORE_VERSION}) supports ` +
        `${manifest.kind}/v${CONTRACT_VERSIONS[manifest.kind]}`,
    });
  }
  if (!semver.validRange(manifest.core)) {
    problems.push({
      code: 'plugin-manifest-invalid',
      message: `${packageName}: tessera.core "${manifest.core}" is not a semver range`,
    });
  } else if (!semver.satisfies(CORE_VERSION, manifest.core, { includePrerelease: true })) {
    problems.push({
      code: 'plugin-core-incompatible',
      message: `${packageName} requires @tessera/core ${manifest.core}, but this core is ${CORE_VERSION}`,
    });
  }
  if (NAMED_KINDS.has(manifest.kind) && !manifest.name) {
    problems.push({
      code: 'plugin-manifest-invalid',
      message: `${packageName}: tessera.name is required for plugins of kind "${manifest.kind}"`,
    });
  }
  if (typeof manifest.configSchema === 'string') {
    problems.push({
      code: 'plugin-manifest-invalid',
      message: `${packageName}: tessera.configSchema names the file "${manifest.configSchema}", which was not loaded (read the package with inspectPluginPackage)`,
    });
  } else if (manifest.configSchema) {
    const schemaError = validateSchemaItself(manifest.configSchema);
    if (schemaError) {
      problems.push({
        code: 'plugin-manifest-invalid',
        message: `${packageName}: tessera.configSchema does not compile: ${schemaError}`,
      });
    }
  }
  return problems;
}
