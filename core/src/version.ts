import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version of @tessera/core that plugins' `tessera.core` ranges are checked against. */
export const CORE_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
