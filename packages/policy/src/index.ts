// @lifeboat/policy: one model of a protection policy (reference §M.2) for the engine, the BFF and
// the portal — unit tables, validation with field paths, the plain-language sentence, schedule
// slots in the group's time zone, blackout windows, retention and extended-retention expiry, the
// scheduler's run decision and the N-day preview built from it.
export * from "./units.ts";
export * from "./types.ts";
export * from "./validate.ts";
export * from "./sentence.ts";
export { latestOfSlots, latestSlot, monthDays, slotsAfter, zoneOf } from "./slots.ts";
export { firstOutsideBlackout, inBlackout } from "./blackout.ts";
export * from "./runs.ts";
export * from "./retention.ts";
export * from "./preview.ts";
