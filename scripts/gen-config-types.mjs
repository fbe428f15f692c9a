#!/usr/bin/env node
// Derives each plugin's TypeScript config type from the JSON Schema in its package.json
// (`tessera.configSchema`), so the schema is written once. Writes src/config.generated.ts.
//   --check-or-write (default): rewrite files whose content changed.
//   --check: exit 1 when a generated file is missing or stale (CI).
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const checkOnly = process.argv.includes('--check');
const folders = ['plugins', 'schedulers', 'accelerators', 'storage-backends', 'proxies'];

/**
 * The kernel fills schema defaults before a plugin sees its config, so a key with a default is
 * always present: mark it required in the schema the type is generated from, so the type says so
 * and plugins need no `?? default` of their own.
 */
function withDefaultsRequired(schema) {
  if (Array.isArray(schema)) return schema.map(withDefaultsRequired);
  if (typeof schema !== 'object' || schema === null) return schema;
  for (const [key, value] of Object.entries(schema)) schema[key] = withDefaultsRequired(value);
  if (schema.properties && typeof schema.properties === 'object') {
    const defaulted = Object.entries(schema.properties)
      .filter(([, property]) => property && typeof property === 'object' && 'default' in property)
      .map(([name]) => name);
    if (defaulted.length > 0) schema.required = [...new Set([...(schema.required ?? []), ...defaulted])];
  }
  return schema;
}

let stale = 0;
for (const folder of folders) {
  const base = join(root, folder);
  if (!existsSync(base)) continue;
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const pkgPath = join(base, entry.name, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    const declared = pkg.tessera?.configSchema;
    const schema =
      typeof declared === 'string'
        ? JSON.parse(readFileSync(join(base, entry.name, declared), 'utf8'))
        : declared;
    if (!schema) continue;
    const body = await compile(withDefaultsRequired(structuredClone(schema)), 'Config', {
      bannerComment: `// Generated from tessera.configSchema in ${folder}/${entry.name}/package.json by\n// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.`,
      additionalProperties: false,
      strictIndexSignatures: false,
      format: true,
      style: { singleQuote: true, printWidth: 110 },
    });
    const out = join(base, entry.name, 'src', 'config.generated.ts');
    const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
    if (current === body) continue;
    if (checkOnly) {
      console.error(`stale generated config type: ${out}`);
      stale++;
    } else {
      writeFileSync(out, body);
      console.error(`wrote ${out}`);
    }
  }
}
process.exit(stale ? 1 : 0);
