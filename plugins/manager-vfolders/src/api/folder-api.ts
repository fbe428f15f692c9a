import Router from '@koa/router';
import type { ApiRouteContribution, ApiRouteKit, ApiState } from '@tessera/manager';
import type { FolderKit } from '../folders/folder-kit';
import { registerCloneRoute } from './clone-route';
import { registerFileRoutes } from './file-routes';
import { registerFolderRoutes } from './folder-routes';
import { registerInvitationRoutes } from './invitation-routes';
import { registerOptionRoutes } from './options-routes';
import { registerTaskLogRoute } from './task-log-route';
import { registerSharingRoutes } from './sharing-routes';
import { registerTrashRoutes } from './trash-routes';

/**
 * Backend.AI's `/folders` REST API (api-spec §3.7-3.10), every route signed. Fixed paths (`_/...`,
 * `invitations/...`, the trash) are registered before the `/:name` ones that could match them.
 */
export class FolderApi implements ApiRouteContribution {
  constructor(private readonly kit: (access: ApiRouteKit['access']) => FolderKit) {}

  routes(apiKit: ApiRouteKit): Router<ApiState> {
    const kit = this.kit(apiKit.access);
    const router = new Router<ApiState>();
    router.use(...apiKit.authenticated);
    registerInvitationRoutes(router, kit);
    registerSharingRoutes(router, kit);
    registerTrashRoutes(router, kit);
    registerOptionRoutes(router, kit);
    registerFolderRoutes(router, kit);
    registerFileRoutes(router, kit);
    registerCloneRoute(router, kit);
    registerTaskLogRoute(router, kit);
    return router;
  }
}
