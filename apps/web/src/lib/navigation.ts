// The sidebar: what each role sees. Admin links are left out for everyone else (the BFF refuses
// them anyway; hiding them keeps the UI honest about what a user can do).
import { AREAS } from "./areas.ts";

export type Role = "viewer" | "operator" | "admin";

export interface NavItem {
  href: string;
  label: string;
  icon: string;
}

export interface NavSection {
  title: string | null;
  items: NavItem[];
}

export const AREA_ICONS: Record<string, string> = {
  sources: "server",
  "protection-groups": "shield",
  policies: "calendar-clock",
  runs: "play",
  recoveries: "rotate-ccw",
  connections: "plug",
  connectors: "cable",
  agents: "cpu",
  objects: "boxes",
};

export const SETTINGS_LINKS: NavItem[] = [
  { href: "/settings/upstream-connections", label: "Upstream connections", icon: "link" },
  { href: "/settings/users", label: "Users & roles", icon: "users" },
  { href: "/settings/alerts", label: "Alert rules & channels", icon: "bell" },
  { href: "/settings/audit", label: "Audit log", icon: "scroll-text" },
  { href: "/settings/workspaces", label: "Workspaces", icon: "building-2" },
];

// Who sees which admin page, as the BFF decides it (packages/api/src/authority.ts): instance admins
// manage connections, workspaces and every user and audit row; a workspace admin the members,
// alerts and audit rows of the selected workspace.
const INSTANCE_ADMIN_HREFS = new Set(["/settings/upstream-connections", "/settings/users", "/settings/audit", "/settings/workspaces"]);
const WORKSPACE_ADMIN_HREFS = new Set(["/settings/users", "/settings/alerts", "/settings/audit"]);

export function settingsLinksFor(role: Role | null, isInstanceAdmin: boolean): NavItem[] {
  return SETTINGS_LINKS.filter((l) => (isInstanceAdmin && INSTANCE_ADMIN_HREFS.has(l.href)) || (role === "admin" && WORKSPACE_ADMIN_HREFS.has(l.href)));
}

/** API tokens are every signed-in user's own, so this link is not admin-only. */
export const API_TOKENS_LINK: NavItem = { href: "/settings/api-tokens", label: "API tokens", icon: "key-round" };

export function navigationFor(role: Role | null, isInstanceAdmin = false): NavSection[] {
  const sections: NavSection[] = [
    {
      title: null,
      items: [
        { href: "/dashboard", label: "Dashboard", icon: "layout-dashboard" },
        { href: "/alerts", label: "Alerts", icon: "bell" },
      ],
    },
    {
      title: "Backup and recovery",
      items: AREAS.map((a) => ({ href: `/${a.slug}`, label: a.label, icon: AREA_ICONS[a.slug] ?? "circle" })),
    },
  ];
  // Everyone has a Settings page (their account, theme); the admin pages only admins.
  const settings: NavItem = { href: "/settings", label: "Settings", icon: "settings" };
  const own = role ? [API_TOKENS_LINK] : [];
  sections.push({ title: "Settings", items: [settings, ...settingsLinksFor(role, isInstanceAdmin), ...own] });
  return sections;
}

/** The nav item a path belongs to (sub-pages keep their parent highlighted). */
export function isActive(href: string, pathname: string): boolean {
  // "/settings" has its own sub-pages in the nav: highlight it only on its own page.
  if (href === "/settings") return pathname === href;
  return pathname === href || pathname.startsWith(`${href}/`);
}
