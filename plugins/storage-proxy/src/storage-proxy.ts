import type { Server } from 'node:http';
import type { Logger } from '@tessera/core';
import { clientRequestHandler } from './client-api/client-server';
import { DownloadHandler } from './client-api/download-handler';
import { TokenIssuer } from './client-api/tokens';
import { TusHandler } from './client-api/tus-handler';
import { closeServer, listen, serverUrl } from './listen-address';
import { buildManagerApp } from './manager-api/manager-app';
import { UploadSessions } from './uploads/upload-sessions';
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

/** The proxy's two HTTP servers over its open volumes (the plugin, or a test, owns the volumes). */
export class StorageProxy {
  private constructor(
    readonly settings: StorageProxySettings,
    private readonly managerServer: Server,
    private readonly clientServer: Server,
  ) {}

  static async start(settings: StorageProxySettings, volumes: VolumeSet, log: Logger): Promise<StorageProxy> {
    const tokens = new TokenIssuer(settings.jwtSecret, settings.sessionExpire);
    const uploads = new UploadSessions(volumes, log, settings.fsyncUploads ?? false, settings.sessionExpire);
    const managerApp = buildManagerApp({
      name: settings.name,
      volumes,
      uploads,
      tokens,
      scandirLimit: settings.scandirLimit,
      maxUploadSize: settings.maxUploadSize,
      secret: () => settings.managerSecret,
      log,
    });
    const managerServer = await listen('managerListen', settings.managerListen, managerApp.callback());
    let clientServer: Server;
    try {
      const handler = clientRequestHandler(
        settings.name,
        new TusHandler(tokens, uploads, settings.maxUploadSize),
        new DownloadHandler(tokens, volumes, log),
        log,
      );
      clientServer = await listen('clientListen', settings.clientListen, handler);
    } catch (error) {
      await closeServer(managerServer);
      throw error;
    }
    return new StorageProxy(settings, managerServer, clientServer);
  }

  /** The manager-facing API's URL as announced. */
  get managerUrl(): string {
    return this.settings.managerUrl ?? serverUrl(this.managerServer);
  }

  /** The client-facing API's URL as announced. */
  get clientUrl(): string {
    return this.settings.clientUrl ?? serverUrl(this.clientServer);
  }

  async stop(): Promise<void> {
    await Promise.all([closeServer(this.managerServer), closeServer(this.clientServer)]);
  }
}
