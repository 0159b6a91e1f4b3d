// Starts a child process and waits until its output announces readiness; the one place local/ spawns servers.
import { spawn, type ChildProcess } from "node:child_process";

/** A running child process and how to stop it. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** Every line the process printed so far (bounded), for error reports. */
  readonly output: string[];
  stop(): Promise<void>;
}

/** Options for {@link startProcess}. */
export interface StartProcessOptions {
  /** Resolves once a line matches; the match is returned. */
  readyPattern: RegExp;
  /** Give up and kill the process after this long. Default 30 s. */
  timeoutInMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with every output line (for log files). */
  onLine?: (line: string) => void;
}

const MAX_KEPT_LINES = 200;

/** Spawns `command` and resolves with the process and the readiness match once `readyPattern` appears. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: StartProcessOptions,
): Promise<{ process: RunningProcess; match: RegExpMatchArray }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
  const output: string[] = [];
  const running: RunningProcess = { child, output, stop: () => stopChild(child) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop();
      reject(new Error(`${command} did not become ready within ${options.timeoutInMs ?? 30_000} ms:\n${tail(output)}`));
    }, options.timeoutInMs ?? 30_000);
    let ready = false;
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line === "") continue;
        output.push(line);
        if (output.length > MAX_KEPT_LINES) output.shift();
        options.onLine?.(line);
        const match = ready ? null : line.match(options.readyPattern);
        if (match) {
          ready = true;
          clearTimeout(timer);
          resolve({ process: running, match });
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`, { cause: error }));
    });
    child.once("exit", (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`${command} exited (${signal ?? code}) before it was ready:\n${tail(output)}`));
    });
  });
}

function tail(lines: readonly string[]): string {
  return lines.slice(-20).join("\n");
}

/** Sends SIGTERM, then SIGKILL after 5 s, and resolves when the process has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
