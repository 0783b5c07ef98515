// Pieces several areas' operation entries share: the optional priority header and path params.
import { z } from "zod";
import { RequestInitiatorTypeSchema } from "../enums.ts";
import { int64, protectionGroupId, recoveryId } from "../wire.ts";

/** `requestInitiatorType` header accepted by some GETs and CreateRecovery (reference §0.3). */
export const RequestInitiatorHeadersSchema = z.strictObject({
  requestInitiatorType: RequestInitiatorTypeSchema.optional(),
});

/** Path `{id}` of registrations and objects: int64 (§0.4). */
export const Int64IdPathSchema = z.strictObject({ id: int64() });
/** Path `{id}` of protection groups (and their runs): `\d+:\d+:\d+`. */
export const GroupIdPathSchema = z.strictObject({ id: protectionGroupId() });
/** Path `{id}` of recoveries: `\d+:\d+:\d+`. */
export const RecoveryIdPathSchema = z.strictObject({ id: recoveryId() });

/** An optional list query parameter (sent comma-joined, §Q 14). */
export const list = <T extends z.ZodType>(item: T) => z.array(item).optional();
