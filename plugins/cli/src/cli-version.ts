import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in this package's package.json. */
export const CLI_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
