/**
 * Slot naming of the mock accelerator, following Backend.AI's upstream mock: whole devices are
 * `<key>.device`, fractional shares `<key>.shares`, and a MIG slice whose model is `MIG-<profile>`
 * gets the unique slot `<key>.device:<profile>-mig`.
 */

export function deviceSlotName(key: string): string {
  return `${key}.device`;
}

export function sharesSlotName(key: string): string {
  return `${key}.shares`;
}

/** `MIG-10g` -> `cuda.device:10g-mig`; null when the model name does not follow `MIG-<profile>`. */
export function migSlotName(key: string, modelName: string): string | null {
  const match = /^MIG-([a-z0-9_.-]+)$/i.exec(modelName);
  return match ? `${key}.device:${match[1]!.toLowerCase()}-mig` : null;
}

/** The slot subtype used to look up display formats: `device`, `shares` or `<profile>-mig`. */
export function slotSubtype(slotName: string): string {
  const afterDot = slotName.slice(slotName.indexOf('.') + 1);
  const colon = afterDot.indexOf(':');
  return colon === -1 ? afterDot : afterDot.slice(colon + 1);
}

/** Slot families a kernel may not combine: MIG slices, whole devices, shares. */
export function exclusiveSlotPatterns(key: string): string[] {
  return [`${key}.device:*-mig`, deviceSlotName(key), sharesSlotName(key)];
}

/** Glob match where `*` stands for any run of characters (the only wildcard the patterns use). */
export function matchesSlotPattern(slotName: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(slotName);
}
