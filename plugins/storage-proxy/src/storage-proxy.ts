import type { Server } from 'node:http';
import type { Logger } from '@tessera/core';
import { ClientApiThread } from './client-api/client-thread';
import { TokenIssuer } from './client-api/tokens';
import { closeServer, listen, parseListen, serverUrl } from './listen-address';
import { buildManagerApp } from './manager-api/manager-app';
import type { VolumeSet } from './volume-set';

export interface StorageProxySettings {
  name: string;
  managerListen: string;
  clientListen: string;
  /** Announced URLs; default: the bound addresses. */
  managerUrl?: string;
  clientUrl?: string;
  managerSecret: string;
  jwtSecret: string;
  sessionExpire: number;
  maxUploadSize: number;
  scandirLimit: number;
  /** fsync completed uploads before moving them into place. */
  fsyncUploads?: boolean;
}

/**
 * The proxy's two HTTP servers over its open volumes (the plugin, or a test, owns the volumes):
 * the manager-facing API on this thread, the client-facing API on a thread of its own.
 */
export class StorageProxy {
  private constructor(
    readonly settings: StorageProxySettings,
    private readonly managerServer: Server,
    /** The client-facing API's thread. */
    readonly clientThread: ClientApiThread,
  ) {}

  static async start(settings: StorageProxySettings, volumes: VolumeSet, log: Logger): Promise<StorageProxy> {
    const tokens = new TokenIssuer(settings.jwtSecret, settings.sessionExpire);
    parseListen('clientListen', settings.clientListen); // refused before anything starts
    const clientThread = await ClientApiThread.start(
      {
        name: settings.name,
        jwtSecret: settings.jwtSecret,
        sessionExpire: settings.sessionExpire,
        maxUploadSize: settings.maxUploadSize,
        fsyncUploads: settings.fsyncUploads ?? false,
      },
      settings.clientListen,
      volumes,
      log,
    );
    let managerServer: Server;
    try {
      const managerApp = buildManagerApp({
        name: settings.name,
        volumes,
        uploads: clientThread,
        tokens,
        scandirLimit: settings.scandirLimit,
        maxUploadSize: settings.maxUploadSize,
        secret: () => settings.managerSecret,
        log,
      });
      managerServer = await listen('managerListen', settings.managerListen, managerApp.callback());
    } catch (error) {
      await clientThread.stop();
      throw error;
    }
    return new StorageProxy(settings, managerServer, clientThread);
  }

  /** The manager-facing API's URL as announced. */
  get managerUrl(): string {
    return this.settings.managerUrl ?? serverUrl(this.managerServer);
  }

  /** The client-facing API's URL as announced. */
  get clientUrl(): string {
    return this.settings.clientUrl ?? this.clientThread.url;
  }

  async stop(): Promise<void> {
    await Promise.all([closeServer(this.managerServer), this.clientThread.stop()]);
  }
}
