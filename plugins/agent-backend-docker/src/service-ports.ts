import { TesseraError, type ServicePort } from '@tessera/core';
import { IMAGE_LABELS } from './labels';

/** Container ports Backend.AI keeps for itself (runner 2000-2003, sshd 2200, ttyd 7681). */
export const RESERVED_CONTAINER_PORTS: ReadonlySet<number> = new Set([2000, 2001, 2002, 2003, 2200, 7681]);

const PROTOCOLS = new Set(['tcp', 'http', 'preopen', 'vnc', 'rdp']);
/** One declaration, `name:protocol:port` or `name:protocol:[p1,p2]`, and the comma after it. */
const DECLARATION = /([\w-]+):(\w+):(\[\d+(?:,\d+)*\]|\d+)(,|$)/y;

function invalid(value: string, problem: string, details: Record<string, unknown> = {}): TesseraError {
  return new TesseraError(
    'session-start-failed',
    `The image's ${IMAGE_LABELS.servicePorts} label "${value}" is invalid: ${problem}`,
    { label: IMAGE_LABELS.servicePorts, value, ...details },
  );
}

/**
 * The service ports an image declares in `ai.backend.service-ports`, validated as upstream does
 * (ops-spec §3.3): protocols tcp, http, preopen, vnc and rdp (`pty` entries are skipped, as
 * upstream does: a pty is not a published port), ports above 1024 and below 65535, none of the
 * reserved ports, no port twice. `endpointPorts` (`ai.backend.endpoint-ports`) marks inference
 * ports. Host ports are null until the backend maps them.
 */
export function parseServicePorts(value: string | undefined, endpointPorts = ''): ServicePort[] {
  const text = (value ?? '').trim();
  if (text === '') return [];
  const inference = new Set(
    endpointPorts
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  const ports: ServicePort[] = [];
  const seen = new Set<number>();
  const names = new Set<string>();
  const declaration = new RegExp(DECLARATION);
  while (declaration.lastIndex < text.length) {
    const at = declaration.lastIndex;
    const match = declaration.exec(text);
    if (!match) {
      throw invalid(value!, `cannot read a "name:protocol:port" declaration at "${text.slice(at)}"`, {
        expected: 'name:protocol:port or name:protocol:[port,port], comma-separated',
      });
    }
    const [, name, protocol, portText, comma] = match;
    if (comma === ',' && declaration.lastIndex === text.length) {
      throw invalid(value!, 'it ends with a comma');
    }
    if (names.has(name)) throw invalid(value!, `service "${name}" is declared twice`);
    names.add(name);
    if (protocol === 'pty') continue;
    if (!PROTOCOLS.has(protocol)) {
      throw invalid(value!, `service "${name}" has the unknown protocol "${protocol}"`, {
        expected: [...PROTOCOLS],
      });
    }
    const containerPorts = portText.replace(/[[\]]/g, '').split(',').map(Number);
    for (const port of containerPorts) {
      if (port <= 1024 || port >= 65535) {
        throw invalid(value!, `service "${name}" has port ${port}, outside 1025-65534`);
      }
      if (RESERVED_CONTAINER_PORTS.has(port)) {
        throw invalid(value!, `service "${name}" has port ${port}, which Backend.AI reserves`, {
          reserved: [...RESERVED_CONTAINER_PORTS],
        });
      }
      if (seen.has(port)) throw invalid(value!, `port ${port} is declared twice`);
      seen.add(port);
    }
    ports.push({
      name,
      protocol: protocol as ServicePort['protocol'],
      containerPorts,
      hostPorts: containerPorts.map(() => null),
      isInference: inference.has(name),
    });
  }
  return ports;
}
