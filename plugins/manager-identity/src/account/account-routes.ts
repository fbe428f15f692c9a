import Router from '@koa/router';
import { inject, injectable } from 'tsyringe';
import { Database } from '@tessera/core';
import {
  bodyValidator,
  ManagerErrors,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { generateSshKeypair } from './ssh-keypair';

interface FullNameBody {
  email?: string;
  full_name: string;
}

/** POST /auth/update-full-name: `full_name` (upstream's users.full_name is VARCHAR(64)); `email` as sent. */
const parseFullNameBody = bodyValidator<FullNameBody>({
  type: 'object',
  required: ['full_name'],
  properties: { email: { type: 'string', maxLength: 64 }, full_name: { type: 'string', maxLength: 64 } },
});

interface SshKeypairBody {
  pubkey: string;
  privkey: string;
}

/** POST /auth/ssh-keypair: a keypair the user brings (`pubkey` an OpenSSH line, `privkey` PEM). */
const parseSshKeypairBody = bodyValidator<SshKeypairBody>({
  type: 'object',
  required: ['pubkey', 'privkey'],
  properties: {
    pubkey: {
      type: 'string',
      minLength: 1,
      maxLength: 16384,
      pattern: '^(ssh-|ecdsa-)[a-z0-9-]+ [A-Za-z0-9+/=]+',
    },
    privkey: {
      type: 'string',
      minLength: 1,
      maxLength: 65536,
      pattern: '-----BEGIN [A-Z ]*PRIVATE KEY-----',
    },
  },
});

/**
 * The caller's own account (upstream's api/auth.py): `POST /auth/update-full-name`, and the SSH
 * keypair of the signing keypair, `GET /auth/ssh-keypair` (the public key only), `PATCH` (a new
 * generated keypair, both halves answered once) and `POST` (the user's own). Each acts on the
 * caller alone (`auth.account` in the permission table).
 */
@injectable()
export class AccountRoutes implements ApiRouteContribution {
  constructor(@inject(Database) private readonly db: Database) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const router = new Router<ApiState>({ prefix: '/auth' });
    router.use(...kit.authenticated);

    router.post('/update-full-name', async (ctx) => {
      const caller = ctx.state.keypair!;
      const body = parseFullNameBody(ctx.request.body);
      kit.access.authorize(caller, 'auth.account', { userEmail: caller.userEmail });
      // Upstream updates the caller whatever `email` says; a different one is refused rather than ignored.
      if (body.email !== undefined && body.email !== caller.userEmail)
        throw ManagerErrors.forbidden(
          `POST /auth/update-full-name changes only the caller's own name, not ${body.email}'s`,
        );
      await this.db.identity.users.modify(caller.userEmail, { fullName: body.full_name });
      ctx.body = {};
    });

    router.get('/ssh-keypair', async (ctx) => {
      const caller = ctx.state.keypair!;
      kit.access.authorize(caller, 'auth.account', { userEmail: caller.userEmail });
      const keypair = await this.db.identity.keypairs.get(caller.accessKey);
      ctx.body = { ssh_public_key: keypair?.sshPublicKey ?? null };
    });

    router.patch('/ssh-keypair', async (ctx) => {
      const caller = ctx.state.keypair!;
      kit.access.authorize(caller, 'auth.account', { userEmail: caller.userEmail });
      const generated = generateSshKeypair();
      await this.db.identity.keypairs.setSshKeypair(
        caller.accessKey,
        generated.publicKey,
        generated.privateKey,
      );
      ctx.body = { ssh_public_key: generated.publicKey, ssh_private_key: generated.privateKey };
    });

    router.post('/ssh-keypair', async (ctx) => {
      const caller = ctx.state.keypair!;
      const body = parseSshKeypairBody(ctx.request.body);
      kit.access.authorize(caller, 'auth.account', { userEmail: caller.userEmail });
      await this.db.identity.keypairs.setSshKeypair(caller.accessKey, body.pubkey.trim(), body.privkey);
      ctx.body = { ssh_public_key: body.pubkey.trim(), ssh_private_key: body.privkey };
    });

    return router;
  }
}
