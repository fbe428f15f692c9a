import type { Database, KeypairRecord, VfolderHostGrants } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** What a host grant may allow (ops-spec §5.2). */
export type HostPermission =
  | 'create-vfolder'
  | 'modify-vfolder'
  | 'delete-vfolder'
  | 'mount-in-session'
  | 'upload-file'
  | 'download-file'
  | 'invite-others'
  | 'set-user-specific-permission';

/**
 * The storage hosts a caller may use and what it may do on each: the union of its domain's,
 * its projects' (or the one project asked for) and its keypair resource policy's
 * `allowed_vfolder_hosts` (upstream's get_allowed_vfolder_hosts_by_user / _by_group).
 */
export async function hostGrantsOf(
  db: Database,
  caller: KeypairRecord,
  projectId?: string,
): Promise<Map<string, Set<string>>> {
  const grants = new Map<string, Set<string>>();
  const add = (source: VfolderHostGrants | undefined | null) => {
    for (const [host, permissions] of Object.entries(source ?? {})) {
      const set = grants.get(host) ?? new Set<string>();
      for (const permission of permissions) set.add(permission);
      grants.set(host, set);
    }
  };
  const [domain, policy] = await Promise.all([
    db.identity.domains.get(caller.domainName),
    db.identity.policies.keypair.get(caller.resourcePolicy),
  ]);
  add(domain?.allowedVfolderHosts);
  add(policy?.allowedVfolderHosts);
  if (projectId !== undefined) {
    const project = await db.identity.projects.get(projectId);
    if (project && project.domainName === caller.domainName) add(project.allowedVfolderHosts);
  } else {
    for (const project of await db.identity.projects.projectsOf(caller.userId))
      add(project.allowedVfolderHosts);
  }
  return grants;
}

/** Refuses (403, naming the host and the permission) unless the grants allow `permission` on `host`. */
export function requireHostPermission(
  grants: Map<string, Set<string>>,
  host: string,
  permission: HostPermission,
): void {
  const allowed = grants.get(host);
  if (!allowed) throw ManagerErrors.forbidden(`You are not allowed to use the vfolder host "${host}"`);
  if (!allowed.has(permission))
    throw ManagerErrors.forbidden(`The vfolder host "${host}" does not allow ${permission} for you`);
}
