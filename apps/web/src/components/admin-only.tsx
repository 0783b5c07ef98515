import { EmptyState } from "@lifeboat/ui";
import { ShieldAlert } from "lucide-react";

/** Shown instead of an admin page to users without the admin role (the BFF refuses them too). */
export function AdminOnly() {
  return (
    <EmptyState icon={<ShieldAlert />} title="Admins only">
      <p>This page needs the admin role in the selected workspace. Ask an admin if you need access.</p>
    </EmptyState>
  );
}
