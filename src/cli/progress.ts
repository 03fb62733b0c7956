import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr for long work, shown only to a person at a terminal. */
export function progressBar(label: string, unit: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`, formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? String(Math.round(v)) : String(v)) },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(Math.max(total, 1), 0), (started = true);
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
