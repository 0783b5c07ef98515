// Ids of upstream records as the BFF accepts them: the contracts' id schemas (reference §0.4
// formats, with their field-naming messages) plus a length bound.
import { connectionId, connectorId, int64, opaqueId, protectionGroupId, recoveryId, runId } from "@lifeboat/contracts";

export const PolicyIdSchema = opaqueId("policy id").max(200);
export const GroupIdSchema = protectionGroupId().max(64);
export const RunIdSchema = runId().max(64);
export const RecoveryIdSchema = recoveryId().max(64);
export const ConnectionIdSchema = connectionId().max(40);
export const ConnectorIdSchema = connectorId().max(40);
export const SnapshotIdSchema = opaqueId("snapshot id").max(500);
/** Registration, object and agent ids: int64 on the wire. */
export const Int64IdSchema = int64().min(0).max(Number.MAX_SAFE_INTEGER);
