import { EmptyState } from "@lifeboat/ui";
import { ShieldAlert } from "lucide-react";

/** Shown instead of the restore wizard to viewers (the BFF refuses them too). */
export function AdminOrOperatorOnly() {
  return (
    <EmptyState icon={<ShieldAlert />} title="Operators only">
      <p>Restoring files needs the operator or admin role in this workspace. Ask an admin if you need to restore something.</p>
    </EmptyState>
  );
}
