// Operations of the IBM Go SDK v1.2.5 beyond §1's 43 (reference §13, index #50–#51). They are
// upstream operations (an IBM service answers them too), kept out of the operations table, whose
// 43 entries the engine's routes and the samples derive from.
import { RecoveryIdPathSchema, type OperationDef } from "@lifeboat/contracts";
import type { Transport } from "./transport.ts";
import type { CallOptions } from "./types.ts";

const cancelRecoveryDef: OperationDef = {
  name: "cancelRecoveryByID",
  sdkName: "CancelRecoveryByID",
  area: "recovery",
  method: "POST",
  path: "/data-protect/recoveries/{id}/cancel",
  successStatus: 204,
  pathParams: RecoveryIdPathSchema,
  responseKind: "empty",
  // A second cancel of the same recovery is refused (409), never done twice: not retried.
  idempotent: false,
} as OperationDef;

export interface SdkAdditions {
  /**
   * CancelRecoveryByID (§13): the recovery goes through `Canceling` to `Canceled`; poll
   * getRecoveryByID. A recovery that already ended is a 409 (Lifeboat engine).
   */
  cancelRecoveryByID(input: { pathParams: { id: string } }, options?: CallOptions): Promise<void>;
}

export function sdkAdditions(transport: Transport): SdkAdditions {
  return {
    async cancelRecoveryByID(input, options) {
      await transport.call(cancelRecoveryDef, input, options);
    },
  };
}
