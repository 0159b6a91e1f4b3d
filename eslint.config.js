// Lint rules for the whole repository: typescript-eslint's recommended set, plus the house rules that keep
// files small and errors typed.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".local/", ".scratch/", "contracts/artifacts/", "coverage/", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["functions/**/*.ts", "lib/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only lib/config/config.ts reads process.env." },
      ],
    },
  },
  { files: ["lib/config/config.ts"], rules: { "no-restricted-properties": "off" } },
);
