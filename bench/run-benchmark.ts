/**
 * Runs a benchmark's `main` as a command. A failure is printed with its stack and exits with
 * status 1 at once (a benchmark that failed must fail whatever ran it, and it may still hold
 * connections or child processes that would keep Node alive). This is a command's exit code, not
 * a skipped test: benchmarks are not part of `npm test`.
 */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name} benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
