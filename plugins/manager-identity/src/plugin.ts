import { configType, Database, definePlugin } from '@tessera/core';
import { AccessRuleTables, ApiRoutes, GraphQLTypes, type ResolverClass } from '@tessera/manager';
import type { InjectionToken } from 'tsyringe';
import { AccountRoutes } from './account/account-routes';
import { AuthRoutes } from './auth/auth-routes';
import { AuthService } from './auth/auth-service';
import type { Config } from './config.generated';
import { DomainResolver } from './graphql/domain-resolver';
import { GroupResolver } from './graphql/group-resolver';
import { KeypairResolver } from './graphql/keypair-resolver';
import { PolicyResolver } from './graphql/policy-resolver';
import { UserResolver } from './graphql/user-resolver';
import { IDENTITY_ACCESS } from './identity-access';
import { IdentityErrorCodes } from './identity-errors';
import { IdentitySettings } from './identity-settings';
import { LoginGuard } from './login-guard';
import { Passwords } from './passwords';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tsyringe's own constructor type
type ResolverConstructor = new (...args: any[]) => object;

const RESOLVERS: readonly ResolverConstructor[] = [
  DomainResolver,
  GroupResolver,
  UserResolver,
  KeypairResolver,
  PolicyResolver,
];

/**
 * `@tessera/manager-identity`: the /auth routes (authorize, signout, update-password, role) and
 * the admin GraphQL API for domains, projects and members, users, keypairs and resource
 * policies, contributed to the manager with the actions they perform (`manager/access-rules`),
 * which the manager's one permission table decides. The instance is the auth service.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database },
  errorCodes: [IdentityErrorCodes],
  init(ctx) {
    const { container, config } = ctx;
    container.register(IdentitySettings, {
      useValue: { maxPasswordAgeMs: config.maxPasswordAgeDays * 86_400_000 },
    });
    container.register(Passwords, { useValue: new Passwords(config.bcryptRounds) });
    container.register(LoginGuard, {
      useValue: new LoginGuard(config.loginMaxFailures, config.loginLockSeconds * 1000),
    });
    container.registerSingleton(AuthService);
    for (const resolver of RESOLVERS) container.registerSingleton(resolver);
    ctx.contribute(AccessRuleTables, IDENTITY_ACCESS);
    ctx.contribute(ApiRoutes, container.resolve(AuthRoutes));
    ctx.contribute(ApiRoutes, container.resolve(AccountRoutes));
    ctx.contribute(GraphQLTypes, {
      resolvers: RESOLVERS,
      resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
    });
    return container.resolve(AuthService);
  },
});
