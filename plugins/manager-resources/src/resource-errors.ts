import { TesseraError } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** The errors of the resource routes, built in one place so messages stay consistent. */
export const ResourceErrors = {
  /** Upstream answers an unknown or foreign project with InvalidAPIParameters ("Unknown user group"). */
  unknownProject(project: string): TesseraError {
    return ManagerErrors.invalidParams(
      `Unknown project "${project}": give the name (or id) of a project you are a member of`,
      { group: project },
    );
  },
  unknownResourceGroup(name: string, allowed: readonly string[]): TesseraError {
    const listed = allowed.length ? `you may use: ${allowed.join(', ')}` : 'you may use none';
    return ManagerErrors.invalidParams(`Unknown scaling group "${name}" (${listed})`, {
      scaling_group: name,
      allowed: [...allowed],
    });
  },
  noResourcePolicy(accessKey: string): TesseraError {
    return new TesseraError('object-not-found', `The keypair ${accessKey} has no resource policy`, {
      access_key: accessKey,
    });
  },
  superadminOnly(what: string): TesseraError {
    return ManagerErrors.forbidden(`Only superadmins may ${what}`);
  },
};
