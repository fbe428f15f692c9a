import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { TesseraError } from '../errors/tessera-error';
import { DEPLOYMENT_MANIFEST_SCHEMA, type DeploymentManifest } from './deployment-manifest';
import { describeSchemaError } from './describe-schema-error';
import { interpolateEnv } from './interpolate-env';
import { positionOf, type SourcePosition } from './source-positions';

/** Compiled on first use: importing the core (every CLI command does) should not pay for it. */
let manifestValidator: ValidateFunction | undefined;
const manifestValidation = (): ValidateFunction =>
  (manifestValidator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(
    DEPLOYMENT_MANIFEST_SCHEMA,
  ));

/** A loaded manifest plus what is needed to point later errors (plugin configs) into its source. */
export interface LoadedManifest {
  path: string;
  manifest: DeploymentManifest;
  /** Line and column of a JSON pointer in the source file. */
  locate(pointer: string): SourcePosition | undefined;
}

export function formatLocation(path: string, position: SourcePosition | undefined): string {
  return position ? `${path}:${position.line}:${position.column}` : path;
}

/**
 * Reads a deployment manifest: YAML syntax errors name the file, line and column; schema errors
 * name the file, position, JSON path, what was expected and what was found (all of them at once);
 * `${VAR}` references are filled from `env`.
 */
export function loadManifest(path: string, env: NodeJS.ProcessEnv = process.env): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TesseraError(
      'manifest-not-found',
      `cannot read manifest ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        path,
      },
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const [start] = e.pos;
      const { line, col } = lines.linePos(start);
      return `${path}:${line}:${col}: YAML syntax error: ${e.message.split('\n')[0]}`;
    });
    throw new TesseraError('manifest-syntax', problems.join('\n'), { path });
  }
  const raw = doc.toJS() as unknown;
  const locate = (pointer: string) => positionOf(doc, lines, pointer);
  let manifest: unknown;
  try {
    manifest = interpolateEnv(raw, env);
  } catch (error) {
    if (error instanceof TesseraError) {
      const pointer = String(error.details.path ?? '');
      throw new TesseraError(
        'manifest-invalid',
        `${formatLocation(path, locate(pointer))}: ${error.message}`,
        error.details,
      );
    }
    throw error;
  }
  const validate = manifestValidation();
  if (!validate(manifest)) {
    const problems = (validate.errors ?? []).map((e) => {
      const described = describeSchemaError(e, manifest);
      return `${formatLocation(path, locate(described.pointer))}: ${described.pointer || '/'}: ${described.message}`;
    });
    throw new TesseraError(
      'manifest-invalid',
      `invalid manifest:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      {
        path,
        problems,
      },
    );
  }
  return { path, manifest: manifest as DeploymentManifest, locate };
}
