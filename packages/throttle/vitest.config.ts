import { lifeboatVitest } from "../config/vitest.ts";

export default lifeboatVitest("throttle");
