// A progress display for long sends on stderr: a bar redrawn in place on a terminal, and a plain line every
// 10% when stderr is a file or a pipe (logs and CI stay readable). Redraws are throttled.

/** Where progress goes: stderr, or any writable with an optional `isTTY`/`columns` (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A running progress display. */
export interface Progress {
  /** Reports that `done` of the total are finished. */
  update(done: number): void;
  /** Draws the final state and leaves the terminal on a fresh line. */
  finish(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  total: number;
  /** Word for the counted items, e.g. "sent". */
  label: string;
  stream?: ProgressStream;
  /** Minimum time between terminal redraws. Default 100 ms. */
  redrawEveryInMs?: number;
}

/** A progress bar for `total` items (see the file comment). */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const { total, label } = options;
  const started = Date.now();
  const every = options.redrawEveryInMs ?? 100;
  let last = { at: 0, tenth: 0, done: 0 };
  const rate = (done: number): string => `${Math.round(done / Math.max((Date.now() - started) / 1000, 0.001))}/s`;
  const draw = (done: number): void => {
    if (stream.isTTY) {
      const text = ` ${percent(done, total)} ${done}/${total} ${label} ${rate(done)}`;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - text.length - 3));
      const filled = Math.round((width * done) / Math.max(total, 1));
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}]${text}\x1b[K`);
      return;
    }
    stream.write(`${done}/${total} ${label} (${percent(done, total)}, ${rate(done)})\n`);
  };
  return {
    update(done) {
      last.done = done;
      const now = Date.now();
      if (stream.isTTY) {
        if (now - last.at < every) return;
        last = { ...last, at: now };
        draw(done);
        return;
      }
      const tenth = Math.floor((10 * done) / Math.max(total, 1));
      if (tenth > last.tenth && done < total) {
        last = { ...last, tenth };
        draw(done);
      }
    },
    finish() {
      draw(last.done);
      if (stream.isTTY) stream.write("\n");
    },
  };
}

function percent(done: number, total: number): string {
  return `${Math.floor((100 * done) / Math.max(total, 1))}%`;
}
