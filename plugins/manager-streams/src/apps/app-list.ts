import type { SessionRecord } from '@tessera/core';
import { mainKernel } from '@tessera/manager-sessions';

/** One app service of a session as `/stream/session/:id/apps` lists it (Backend.AI's get_stream_apps). */
export interface AppEntry {
  name: string;
  protocol: string;
  /** The service's ports inside the container. */
  ports: number[];
}

/** The session's app services: its main kernel's service ports, `[]` when it has none (yet). */
export function appList(session: SessionRecord): AppEntry[] {
  const kernel = mainKernel(session);
  return (kernel?.servicePorts ?? []).map((port) => ({
    name: port.name,
    protocol: port.protocol,
    ports: [...port.containerPorts],
  }));
}
