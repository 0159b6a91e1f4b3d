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
        pathNot: ["^lib/domain/", "^node_modules/(ajv|ajv-formats|@noble/hashes)/", "^contracts/artifacts/"],
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
      name: "use-cases-not-to-adapters",
      comment: "Use cases talk to ports only; adapters are wired in lib/services.ts.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(adapters/|services\\.ts$|config\\.ts$)" },
      to: { path: "^lib/adapters/" },
    },
    {
      name: "sdks-only-in-adapters",
      comment:
        "Only lib/adapters (and the offline stand-ins, tests, benches) import ethers, @azure/* SDKs or HTTP clients.",
      severity: "error",
      from: { path: "^(lib|functions)/", pathNot: "^lib/(adapters/|services\\.ts$|telemetry)" },
      to: {
        path: "^node_modules/(ethers|@azure/(?!functions)|undici|node-fetch|axios)",
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
