/** This host's CPU architecture in Backend.AI's spelling (`x86_64`, `aarch64`). */
export function hostArchitecture(): string {
  switch (process.arch) {
    case 'x64':
      return 'x86_64';
    case 'arm64':
      return 'aarch64';
    default:
      return process.arch;
  }
}
