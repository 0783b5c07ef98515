// Who may call which area procedure — the one table of the area routers' roles. Viewers read;
// operators also start and act on runs, start recoveries and download; admins also change
// configuration (policies, groups, sources, connections, connectors, agent upgrades, run
// retention). Every area procedure is built from its row here (`areaProcedure(path)`), and the
// access-matrix test walks the same table, so a procedure cannot exist without a decided role.
import type { Role } from "../roles.ts";

export const AREA_ACCESS = {
  "agent.download": "operator",
  "agent.list": "viewer",
  "agent.upgrade": "admin",
  "connection.create": "admin",
  "connection.delete": "admin",
  "connection.generateToken": "admin",
  "connection.get": "viewer",
  "connection.list": "viewer",
  "connection.update": "admin",
  "connector.delete": "admin",
  "connector.get": "viewer",
  "connector.list": "viewer",
  "connector.metadata": "viewer",
  "connector.update": "admin",
  "object.search": "viewer",
  "object.searchFiles": "viewer",
  "object.searchProtected": "viewer",
  "object.snapshots": "viewer",
  "policy.create": "admin",
  "policy.delete": "admin",
  "policy.get": "viewer",
  "policy.list": "viewer",
  "policy.update": "admin",
  "protectionGroup.create": "admin",
  "protectionGroup.delete": "admin",
  "protectionGroup.get": "viewer",
  "protectionGroup.list": "viewer",
  "protectionGroup.update": "admin",
  "protectionGroup.run.cancel": "operator",
  "protectionGroup.run.get": "viewer",
  "protectionGroup.run.history": "viewer",
  "protectionGroup.run.list": "viewer",
  "protectionGroup.run.pause": "operator",
  "protectionGroup.run.progress": "viewer",
  "protectionGroup.run.resume": "operator",
  "protectionGroup.run.runNow": "operator",
  // Retention changes, legal hold and snapshot deletion change what is kept: configuration.
  "protectionGroup.run.update": "admin",
  "protectionGroup.run.watch": "viewer",
  "recovery.cancel": "operator",
  "recovery.create": "operator",
  "recovery.createDownload": "operator",
  "recovery.download": "operator",
  "recovery.downloadFile": "operator",
  "recovery.browse": "viewer",
  "recovery.fileVersions": "viewer",
  "recovery.get": "viewer",
  "recovery.list": "viewer",
  "recovery.restorePoints": "viewer",
  "recovery.watch": "viewer",
  // Lists a host's live folders for the group form: configuration, like the group form itself.
  "source.browse": "admin",
  // Asking the engine for a check costs it a restic run: configuration-level, like the source itself.
  "source.checkRepository": "admin",
  "source.create": "admin",
  "source.delete": "admin",
  "source.get": "viewer",
  "source.list": "viewer",
  "source.patch": "admin",
  // Moves a registered host's backups to another agent: the admin's explicit, audited action.
  // Re-reads the host's volumes (as PATCH does): configuration, like the source itself.
  "source.refresh": "admin",
  "source.replaceAgent": "admin",
  "source.repository": "viewer",
  "source.update": "admin",
} as const satisfies Record<string, Role>;

export type AreaProcedurePath = keyof typeof AREA_ACCESS;
