/** Dependency-direction rules from DESIGN §3; `npm run depcheck` fails on any violation. */
module.exports = {
  forbidden: [
    { name: "lib-not-to-functions", severity: "error", from: { path: "^lib/" }, to: { path: "^functions/" } },
    {
      name: "app-not-to-local",
      comment: "Nothing in functions/ or lib/ may import local/ or the offline stand-ins in packages/.",
      severity: "error",
      from: { path: "^(functions|lib)/" },
      to: { path: "^(local|packages)/" },
    },
    {
      name: "packages-stand-alone",
      comment: "A package under packages/ imports npm packages and other packages, never the app or its tooling.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^(functions|lib|local|test|bench|contracts|schemas|infra)/" },
    },
    {
      name: "packages-by-name",
      comment: "Code outside a package reaches it by its name and exports (`@creditlink/<package>/<export>`).",
      severity: "error",
      from: { pathNot: "^packages/" },
      to: { path: "^packages/", dependencyTypesNot: ["aliased"] },
    },
    {
      name: "packages-to-each-other-by-name",
      comment: "A package reaches another package by its name and exports, never by a path into its files.",
      severity: "error",
      from: { path: "^packages/([^/]+)/" },
      to: { path: "^packages/", pathNot: "^packages/$1/", dependencyTypes: ["local"], dependencyTypesNot: ["aliased"] },
    },
    {
      name: "domain-is-pure",
      comment: "lib/domain holds pure, deterministic code: no I/O, no SDKs, no other lib folders.",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: {
        pathNot: ["^lib/domain/", "(^|/)node_modules/(ajv|ajv-formats|@noble/hashes)/", "^contracts/artifacts/"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "domain-no-node-io",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { dependencyTypes: ["core"], pathNot: "^(crypto|node:crypto)$" },
    },
    {
      name: "ports-are-interfaces",
      comment: "lib/ports declares interfaces over domain types: it imports only lib/domain and other ports.",
      severity: "error",
      from: { path: "^lib/ports/" },
      to: { pathNot: "^lib/(domain|ports)/" },
    },
    {
      name: "use-cases-not-to-adapters",
      comment: "Use cases talk to ports only; adapters are built and wired in lib/composition.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(adapters|composition)/" },
      to: { path: "^lib/adapters/" },
    },
    {
      name: "only-functions-to-composition",
      comment:
        "The composition root is the top of lib/: triggers (and lib/http, their HTTP plumbing) use it, nothing else in lib/.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(composition|http)/" },
      to: { path: "^lib/composition/" },
    },
    {
      name: "functions-through-composition",
      comment: "Triggers get their use case's dependencies from lib/composition (xDeps(s)), never adapters or config.",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^lib/(adapters|config)/" },
    },
    {
      name: "adapters-not-to-use-cases",
      comment:
        "Adapters implement ports over one technology: they import domain, ports, support, observability and adapters, " +
        "never config (read only in lib/composition) nor a use case.",
      severity: "error",
      from: { path: "^lib/adapters/" },
      to: { path: "^lib/", pathNot: "^lib/(domain|ports|support|observability|adapters)/" },
    },
    {
      name: "config-reads-settings-only",
      comment: "lib/config turns settings into typed values; it builds nothing (types of use-case settings only).",
      severity: "error",
      from: { path: "^lib/config/" },
      to: { path: "^lib/", pathNot: "^lib/(config|domain)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "sdks-only-in-adapters",
      comment:
        "Only lib/adapters and lib/composition (and lib/observability for telemetry; the offline stand-ins, tests, " +
        "benches) import ethers, @azure/* SDKs or HTTP clients.",
      severity: "error",
      from: { path: "^(lib|functions)/", pathNot: "^lib/(adapters|composition|observability)/" },
      to: {
        path: "(^|/)node_modules/(ethers|@azure/(?!functions)|undici|node-fetch|axios)",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "app-not-to-dev-deps",
      comment: "What the Function App runs is a production dependency: `npm ci --omit=dev` must be enough to run it.",
      severity: "error",
      from: { path: "^(functions|lib)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "not-to-undeclared-deps",
      comment:
        "Every package imported is declared in the nearest package.json (the host's fixture apps resolve the hoisted ones on purpose).",
      severity: "error",
      from: { pathNot: "^packages/functions-host/test/fixtures/" },
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|\\.local)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
