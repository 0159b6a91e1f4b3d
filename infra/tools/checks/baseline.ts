// Runs every security-baseline rule over a set of parsed Bicep files.
import type { BaselineFinding, BaselineRule } from "./baselineRule.js";
import type { BicepFile } from "./bicepModel.js";
import { COMPUTE_RULES } from "./computeRules.js";
import { DATA_SERVICE_RULES } from "./dataServiceRules.js";
import { DEPLOYMENT_RULES } from "./deploymentRules.js";
import { NETWORK_RULES } from "./networkRules.js";

/** Every baseline rule, in report order. */
export const BASELINE_RULES: readonly BaselineRule[] = [
  ...DATA_SERVICE_RULES,
  ...COMPUTE_RULES,
  ...NETWORK_RULES,
  ...DEPLOYMENT_RULES,
];

/** The outcome of a baseline run: the violations, and per rule how many subjects it checked. */
export interface BaselineReport {
  findings: BaselineFinding[];
  subjectsPerRule: Record<string, number>;
}

/** Applies the rules to the files. */
export function checkBaseline(
  files: readonly BicepFile[],
  rules: readonly BaselineRule[] = BASELINE_RULES,
): BaselineReport {
  const report: BaselineReport = { findings: [], subjectsPerRule: {} };
  for (const rule of rules) {
    report.subjectsPerRule[rule.id] = 0;
    for (const file of files) {
      const result = rule.evaluate(file);
      report.subjectsPerRule[rule.id] = (report.subjectsPerRule[rule.id] ?? 0) + result.subjects;
      report.findings.push(...result.findings);
    }
  }
  return report;
}
