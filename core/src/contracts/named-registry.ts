/**
 * Implementations of one kind, by name (for example the schedulers `fifo` and `drf`). The kernel
 * fills it from the plugins of that kind; consumers look implementations up by the name a
 * resource group or the manifest gives, and fall back to the manifest's default.
 */
export interface NamedRegistry<T> {
  readonly kind: string;
  /** The name the deployment manifest marks as default for this kind, if any. */
  readonly defaultName: string | undefined;
  get(name: string): T | undefined;
  /** Like get, but throws a TesseraError naming the kind, the name and what is registered. */
  require(name?: string): T;
  names(): string[];
  entries(): Array<[string, T]>;
}
