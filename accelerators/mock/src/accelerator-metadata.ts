import type { AcceleratorMetadata } from '@tessera/core';
import type { Config } from './config.generated';
import { slotSubtype } from './slot-names';

/** Display info per slot from the `formats` config; a MIG slot without its own format borrows `device`'s. */
export function acceleratorMetadata(slotNames: string[], formats: Config['formats']): AcceleratorMetadata[] {
  return slotNames.map((slotName) => {
    const subtype = slotSubtype(slotName);
    const format = formats[subtype] ?? (subtype.endsWith('-mig') ? formats.device : undefined);
    return {
      slotName,
      description: format?.description ?? slotName,
      humanReadableName: format?.humanReadableName ?? slotName,
      displayUnit: format?.displayUnit ?? subtype,
      displayIcon: format?.displayIcon ?? 'gpu1',
      numberFormat: {
        binary: format?.numberFormat.binary ?? false,
        roundLength: format?.numberFormat.roundLength ?? 0,
      },
    };
  });
}
