/** The manager feature plugins the user API needs, for bootGraphQLManager({ features }). */
export const USER_API_FEATURES = [
  { package: '@tessera/manager-events', config: { keepAliveInterval: 1 } },
  { package: '@tessera/manager-streams' },
  { package: '@tessera/manager-session-files' },
  { package: '@tessera/manager-resources' },
];
