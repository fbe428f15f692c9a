/** JSON form of a ResourceSlot: slot name -> decimal string. */
export type SlotsJSON = Record<string, string>;
