// Runs the Functions host stand-in CLI as a child process (one per bank in the local consortium, and in the
// end-to-end tests that kill and restart a host), and waits for "Host started on <url>".
import { fileURLToPath } from "node:url";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";

/** Options for {@link startHostProcess}. */
export interface HostProcessOptions {
  appDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Durable state and timer status; survives a restart with the same directory. */
  dataDir: string;
  /** App settings (the child's environment; they override local.settings.json). */
  settings: Record<string, string>;
  onLine?: (line: string) => void;
  timeoutInMs?: number;
}

/** A running host process. */
export interface HostProcess extends RunningProcess {
  readonly url: string;
  /** SIGKILL: the host gets no chance to clean up (crash tests). */
  kill(): Promise<void>;
}

const cli = fileURLToPath(import.meta.resolve("@creditlink/functions-host/cli"));

/** Starts `npm run host` for `appDir` in a child process. */
export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const tsx = import.meta.resolve("tsx");
  const args = [
    "--import",
    tsx,
    cli,
    options.appDir,
    "--port",
    String(options.port ?? 0),
    "--data-dir",
    options.dataDir,
  ];
  const { process: running, match } = await startProcess(process.execPath, args, {
    readyPattern: /Host started on (http:\/\/\S+)/,
    env: { ...process.env, ...options.settings },
    onLine: options.onLine,
    timeoutInMs: options.timeoutInMs ?? 60_000,
  });
  const kill = (): Promise<void> =>
    new Promise((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve();
      running.child.once("exit", () => resolve());
      running.child.kill("SIGKILL");
    });
  return { ...running, url: match[1] ?? "", kill };
}
