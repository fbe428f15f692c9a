import type { Database, KernelMount, KeypairRecord } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import type { CreateSessionRequest } from './create-session-request';
import type { VfolderMountResolver } from './extension-points/vfolder-mounts';

/**
 * A new session's vfolder mounts, through the `manager-sessions/vfolder-mounts` contribution (the
 * storage feature). Without one, a request naming mounts is refused rather than started without
 * the folders it asked for.
 */
export class SessionMounts {
  constructor(
    private readonly resolver: VfolderMountResolver | null,
    private readonly db: Database,
  ) {}

  async resolve(
    owner: KeypairRecord,
    request: CreateSessionRequest,
    domainName: string,
  ): Promise<KernelMount[]> {
    if (!this.resolver) {
      const asked = [...request.mounts, ...Object.keys(request.mountMap)];
      if (asked.length > 0)
        throw ManagerErrors.invalidParams(
          `config.mounts names vfolders (${asked.join(', ')}), but this deployment has no vfolder feature (add @tessera/manager-vfolders to its manifest)`,
          { mounts: asked },
        );
      return [];
    }
    const project = await this.db.identity.projects.getByName(domainName, request.group);
    return this.resolver.resolve({
      owner: {
        userId: owner.userId,
        accessKey: owner.accessKey,
        domainName,
        groupId: project?.id ?? null,
      },
      mounts: request.mounts,
      mountMap: request.mountMap,
    });
  }
}
