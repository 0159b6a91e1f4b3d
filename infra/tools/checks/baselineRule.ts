// The shape of a security-baseline rule and the helper that builds the common kind: one check per resource of
// a type. Every rule runs on each .bicep file and on each deployment snapshot (BicepFile.view). Rules named
// Azure.* mirror the PSRule for Azure rule of that name; Creditlink.* rules have no PSRule counterpart and
// encode this project's own baseline (infra-research §4).
import type { BicepFile, BicepResource } from "./bicepModel.js";

/** A rule violation. */
export interface BaselineFinding {
  rule: string;
  file: string;
  line: number;
  subject: string;
  message: string;
}

/** What a rule saw in one file: how many subjects it checked and which of them failed. */
export interface RuleResult {
  subjects: number;
  findings: BaselineFinding[];
}

/** A named baseline rule over one parsed file. */
export interface BaselineRule {
  id: string;
  description: string;
  evaluate(file: BicepFile): RuleResult;
}

/** A rule that checks each non-`existing` resource of the given types; check returns a failure message or undefined. */
export function resourceRule(
  id: string,
  description: string,
  types: readonly string[],
  check: (resource: BicepResource, file: BicepFile) => string | undefined,
): BaselineRule {
  return {
    id,
    description,
    evaluate(file) {
      const subjects = file.resources.filter((r) => !r.existing && types.includes(r.type.toLowerCase()));
      const findings = subjects.flatMap((resource) => {
        const message = check(resource, file);
        return message === undefined
          ? []
          : [{ rule: id, file: file.path, line: resource.line, subject: resource.symbol, message }];
      });
      return { subjects: subjects.length, findings };
    },
  };
}
