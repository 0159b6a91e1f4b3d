// What a soak run is told: its length, load, seed, fault kinds and the pace of its drain and of reconciliation.
import type { FaultKind } from "./faultPlan.js";

/** Options of a soak run (`runSoak`). */
export interface SoakOptions {
  minutes: number;
  /** Messages per second offered in total, spread over the banks. */
  ratePerSecond: number;
  banks: number;
  seed: string;
  faults: readonly FaultKind[];
  /** Mean gap between the faults drawn after every kind had its turn; 0 for one of each only. */
  meanFaultGapInSeconds: number;
  drainTimeoutInSeconds: number;
  blockTimeInSeconds: number;
  /** Reconciliation (which fills nonce gaps) runs this often. */
  reconcileEverySeconds: number;
  /** Where state and logs go; a fresh temporary folder when absent. */
  localDir?: string;
  say?: (line: string) => void;
}
