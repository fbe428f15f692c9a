/** `--name <n>` from the command line: a positive number up to `max`, else `fallback`. */
export function numericArgument(name: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;
}
