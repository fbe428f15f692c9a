// Generated from tessera.configSchema in plugins/agent-backend-process/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Image catalog: image name -> the host runtime that plays it. Only images whose runtime exists on this host are reported to the manager.
   */
  images: {
    [k: string]: {
      /**
       * Runner implementation (Backend.AI ai.backend.runtime-type). Only python is supported.
       */
      runtimeType: 'python';
      /**
       * The interpreter: an absolute path, or a command name looked up on PATH.
       */
      runtimePath: string;
      /**
       * Backend.AI image labels reported with the image. ai.backend.runtime-type and ai.backend.runtime-path are filled in from the fields above.
       */
      labels: {
        [k: string]: string;
      };
    };
  };
  /**
   * Folder for per-kernel scratch directories (<workRoot>/<kernelId>/work is the kernel's home and working directory). Defaults to <plugin data dir>/scratches.
   */
  workRoot?: string;
  /**
   * Seconds to wait for a new kernel's runner to say it is ready.
   */
  readyTimeout: number;
  /**
   * Seconds a kernel has to exit after the runner was asked to, before it gets SIGTERM.
   */
  exitGracePeriod: number;
  /**
   * Seconds a kernel has to exit after SIGTERM, before its whole process group gets SIGKILL.
   */
  terminateGracePeriod: number;
  /**
   * Keep scratch directories of destroyed kernels for inspection (Backend.AI's skip-container-deletion).
   */
  keepScratch: boolean;
}
