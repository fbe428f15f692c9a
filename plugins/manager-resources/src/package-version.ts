import type { InjectionToken } from 'tsyringe';

/** The Tessera version this manager runs (the plugin's package version), for `GET /manager/status`. */
export const PackageVersion: InjectionToken<string> = Symbol('manager-resources package version');
