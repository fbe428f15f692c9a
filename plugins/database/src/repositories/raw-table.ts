/**
 * A statement's rows as arrays of values in column order, beside the columns' names: what the
 * drivers answer without building an object per row (`runReadTable`).
 */
export interface RawTable {
  columns: readonly string[];
  rows: unknown[][];
}
