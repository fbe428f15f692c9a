import { FolderRequests, folderPath, given, badAnswer, type Call } from './folder-requests';
import type { SharedVfolder, VfolderInvitation, VfolderPermission } from './vfolder-types';

/** Invitations and sharing (api-spec §3.8-3.9): the part of `client.vfolders` between people. */
export abstract class VfolderSharing extends FolderRequests {
  /** `POST /folders/:name/invite`: the e-mails actually invited (already-invited ones are skipped). */
  async invite(
    name: string,
    emails: string[],
    perm: VfolderPermission = 'rw',
    options: Call = {},
  ): Promise<string[]> {
    const answer = await this.object<{ invited_ids?: unknown }>('POST', `${folderPath(name)}/invite`, {
      json: { perm, emails },
      signal: options.signal,
    });
    return Array.isArray(answer.invited_ids) ? answer.invited_ids.map(String) : [];
  }

  /** `GET /folders/invitations/list`: pending invitations the caller received. */
  async invitations(options: Call = {}): Promise<VfolderInvitation[]> {
    return this.invitationList('/folders/invitations/list', options);
  }

  /** `GET /folders/invitations/list-sent`: pending invitations the caller sent. */
  async sentInvitations(options: Call = {}): Promise<VfolderInvitation[]> {
    return this.invitationList('/folders/invitations/list-sent', options);
  }

  /** `POST /folders/invitations/accept`. */
  async acceptInvitation(invitationId: string, options: Call = {}): Promise<void> {
    await this.call('POST', '/folders/invitations/accept', {
      json: { inv_id: invitationId },
      signal: options.signal,
    });
  }

  /** `DELETE /folders/invitations/delete`: declines a received invitation. */
  async rejectInvitation(invitationId: string, options: Call = {}): Promise<void> {
    await this.call('DELETE', '/folders/invitations/delete', {
      json: { inv_id: invitationId },
      signal: options.signal,
    });
  }

  /** `POST /folders/invitations/update/:inv_id`: the permission of a pending invitation sent. */
  async updateInvitation(invitationId: string, perm: VfolderPermission, options: Call = {}): Promise<void> {
    await this.call('POST', `/folders/invitations/update/${encodeURIComponent(invitationId)}`, {
      json: { perm },
      signal: options.signal,
    });
  }

  /** `POST /folders/:name/leave`: stop using a folder shared with the caller. */
  async leave(name: string, options: Call & { sharedUserUuid?: string } = {}): Promise<void> {
    await this.call('POST', `${folderPath(name)}/leave`, {
      json: given({ shared_user_uuid: options.sharedUserUuid }),
      signal: options.signal,
    });
  }

  /** `GET /folders/_/shared`: who the caller's folders (or one, by id) are shared with. */
  async shared(options: Call & { vfolderId?: string } = {}): Promise<SharedVfolder[]> {
    const data = await this.call('GET', '/folders/_/shared', {
      query: { vfolder_id: options.vfolderId },
      signal: options.signal,
    });
    if (Array.isArray(data)) return data as SharedVfolder[];
    const shared = (data as { shared?: unknown } | undefined)?.shared;
    if (Array.isArray(shared)) return shared as SharedVfolder[];
    throw badAnswer('GET /folders/_/shared', 'a list');
  }

  /** `POST /folders/_/shared`: one user's permission on a shared folder (null takes it away). */
  async updateShared(
    vfolderId: string,
    userId: string,
    perm: VfolderPermission | null,
    options: Call = {},
  ): Promise<void> {
    await this.call('POST', '/folders/_/shared', {
      json: { vfolder: vfolderId, user: userId, perm },
      signal: options.signal,
    });
  }

  /** `POST /folders/:name/share` (project folders): the e-mails now sharing it. */
  async share(
    name: string,
    emails: string[],
    permission: VfolderPermission = 'rw',
    options: Call = {},
  ): Promise<string[]> {
    const answer = await this.object<{ shared_emails?: unknown }>('POST', `${folderPath(name)}/share`, {
      json: { permission, emails },
      signal: options.signal,
    });
    return Array.isArray(answer.shared_emails) ? answer.shared_emails.map(String) : [];
  }

  /** `DELETE /folders/:name/unshare` (project folders). */
  async unshare(name: string, emails: string[], options: Call = {}): Promise<string[]> {
    const answer = await this.object<{ unshared_emails?: unknown }>('DELETE', `${folderPath(name)}/unshare`, {
      json: { emails },
      signal: options.signal,
    });
    return Array.isArray(answer.unshared_emails) ? answer.unshared_emails.map(String) : [];
  }

  private async invitationList(path: string, options: Call): Promise<VfolderInvitation[]> {
    const answer = await this.object<{ invitations?: unknown }>('GET', path, { signal: options.signal });
    if (!Array.isArray(answer.invitations)) throw badAnswer(`GET ${path}`, 'invitations');
    return answer.invitations as VfolderInvitation[];
  }
}
