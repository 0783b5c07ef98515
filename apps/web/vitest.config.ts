import { lifeboatVitest } from "../../packages/config/vitest.ts";

export default lifeboatVitest("web");
