/**
 * The lock that serialises scheduling of one resource group across all managers. Cancelling a
 * PENDING session takes it too, so a pass never allocates for a session being cancelled.
 */
export function scheduleLockName(resourceGroup: string): string {
  return `schedule/${resourceGroup}`;
}
