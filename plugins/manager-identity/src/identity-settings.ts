import type { InjectionToken } from 'tsyringe';

/** The plugin's config as its services read it. */
export interface IdentitySettings {
  /** Passwords older than this many milliseconds are expired; 0: never. */
  maxPasswordAgeMs: number;
}

export const IdentitySettings: InjectionToken<IdentitySettings> = Symbol('manager-identity settings');
