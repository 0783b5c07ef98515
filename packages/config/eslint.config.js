// Shared flat ESLint config: typescript-eslint's recommended rules for every package.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export const base = tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/*.d.ts", "**/.lifeboat/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
);

export default base;
