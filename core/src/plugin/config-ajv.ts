import Ajv from 'ajv';

/**
 * The ajv instance plugin config schemas are compiled with. Strict mode: an unknown keyword (a
 * typo such as `"defualt"` or `"requried"`) or an ambiguous type is a compile error that names
 * the schema path, instead of a keyword ajv silently ignores.
 */
export function createConfigAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    useDefaults: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
}
