import type { ValidateFunction } from 'ajv';
import { createConfigAjv } from '../plugin/config-ajv';
import { TesseraError } from '../errors/tessera-error';
import { describeSchemaError } from '../manifest/describe-schema-error';
import { envEntries, overlay, type ConfigEntry } from './config-layers';

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = createConfigAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export interface ConfigProblem {
  /** JSON pointer inside the plugin's config. */
  pointer: string;
  message: string;
  /** Where the offending value came from, when it was not the manifest. */
  source: string | undefined;
}

export type ComputedConfig =
  { ok: true; config: Record<string, unknown> } | { ok: false; problems: ConfigProblem[] };

/**
 * Computes a plugin's effective config from its layers and validates it against its schema
 * (filling defaults). Pure: the kernel calls it at resolve time, before init with the config store's
 * entries, and again on every change of those entries (hot reload).
 */
export function computePluginConfig(options: {
  pluginId: string;
  packageName: string;
  schema: Record<string, unknown> | undefined;
  manifestConfig: Record<string, unknown>;
  storeEntries?: ConfigEntry[];
  env: NodeJS.ProcessEnv;
}): ComputedConfig {
  const entries = [...(options.storeEntries ?? []), ...envEntries(options.pluginId, options.env)];
  const { config, sources } = overlay(options.manifestConfig, options.schema, entries);
  if (!options.schema) {
    if (Object.keys(config).length === 0) return { ok: true, config };
    return {
      ok: false,
      problems: [
        {
          pointer: '',
          message: `${options.packageName} takes no config, but config was given`,
          source: undefined,
        },
      ],
    };
  }
  const validate = validatorFor(options.schema);
  if (validate(config)) return { ok: true, config };
  const problems = (validate.errors ?? []).map((error) => {
    const described = describeSchemaError(error, config);
    const from = [...sources]
      .reverse()
      .find((s) => described.pointer.toLowerCase().startsWith(s.pointer.toLowerCase()));
    return { pointer: described.pointer, message: described.message, source: from?.source };
  });
  return { ok: false, problems };
}

export function configProblemsError(
  pluginId: string,
  packageName: string,
  problems: ConfigProblem[],
): TesseraError {
  const lines = problems.map(
    (p) => `${p.source ? `${p.source}: ` : ''}${packageName} config${p.pointer}: ${p.message}`,
  );
  return new TesseraError('plugin-config-invalid', lines.join('\n'), { plugin: pluginId, problems });
}
