import { lifeboatVitest } from "../config/vitest.ts";

// Component tests render TSX in happy-dom (opted into per file).
export default lifeboatVitest("ui", { esbuild: { jsx: "automatic" } });
