import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import base from "../../packages/config/eslint.config.js";

export default [
  ...base,
  { ignores: ["next-env.d.ts", "test-artifacts/**"] },
  {
    files: ["src/**/*.tsx", "src/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
];
