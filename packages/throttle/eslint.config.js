export { default } from "../../packages/config/eslint.config.js";
