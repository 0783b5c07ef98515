// The nine areas of the upstream API (reference §1–§9) as the portal names and routes them, plus
// what each page will offer once its issue lands. The sidebar and the placeholder pages read this.
export interface Area {
  slug: string;
  label: string;
  /** Short description shown under the page title. */
  description: string;
  /** What the page will list and let users do, for the honest empty state. */
  comingSoon: string;
}

export const AREAS = [
  {
    slug: "sources",
    label: "Sources",
    description: "Registered data sources (physical hosts, databases) that can be protected.",
    comingSoon: "Registering sources, browsing their objects and refreshing them.",
  },
  {
    slug: "protection-groups",
    label: "Protection groups",
    description: "Groups of objects protected together under one policy.",
    comingSoon: "Creating protection groups, pausing and resuming them, and starting a run on demand.",
  },
  {
    slug: "policies",
    label: "Policies",
    description: "Backup schedules and retention rules applied by protection groups.",
    comingSoon: "Listing, creating and editing protection policies with their schedules and retention.",
  },
  {
    slug: "runs",
    label: "Runs",
    description: "Backup runs of protection groups, with their status and progress.",
    comingSoon: "Run history with filters, live progress and cancellation of running runs.",
  },
  {
    slug: "recoveries",
    label: "Recoveries",
    description: "Restores of files, folders and volumes from backup snapshots.",
    comingSoon: "Starting a recovery from a restore point, following its progress and downloading files.",
  },
  {
    slug: "connections",
    label: "Data-source connections",
    description: "Connections through which connectors reach data sources.",
    comingSoon: "Creating data-source connections and generating connector registration tokens.",
  },
  {
    slug: "connectors",
    label: "Connectors",
    description: "Connectors that move data between data sources and the backup service.",
    comingSoon: "Connector status, versions and removal of stale connectors.",
  },
  {
    slug: "agents",
    label: "Agents",
    description: "Backup agents installed on protected hosts.",
    comingSoon: "Agent health, versions, download links for the installer and upgrades.",
  },
  {
    slug: "objects",
    label: "Objects",
    description: "Protected objects and their snapshots (restore points).",
    comingSoon: "Searching protected objects and browsing their snapshots to pick a restore point.",
  },
] as const satisfies readonly Area[];

export type AreaSlug = (typeof AREAS)[number]["slug"];

export function areaBySlug(slug: AreaSlug): Area {
  const area = AREAS.find((a) => a.slug === slug);
  if (!area) throw new Error(`Unknown area "${slug}"`);
  return area;
}
