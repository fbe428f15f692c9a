/**
 * The config-store key of the cluster's manager status (Backend.AI's etcd key `manager/status`):
 * `frozen` while operators do maintenance, anything else (or nothing) for running. Set by the
 * resource feature's `PUT /manager/status`; read by every feature that must refuse work while frozen.
 */
export const MANAGER_STATUS_KEY = 'manager/status';
