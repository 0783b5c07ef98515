import { lifeboatVitest } from "../../packages/config/vitest.ts";

export default lifeboatVitest("engine", { test: { globalSetup: ["test/global-setup.ts"] } });
