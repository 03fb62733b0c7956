/** A benchmark's command line: `--name value` options and `--flag` switches. */
export const args = process.argv.slice(2);

/** The value after `name`, or `fallback` when it is not given. */
export function option(name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
