-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isInstanceAdmin" BOOLEAN NOT NULL DEFAULT false;

-- Until now every workspace admin acted portal-wide. The instance admins are the admins of the
-- first workspace (the Default one bootstrap made, with the first admin). Admins of other
-- workspaces keep their role there only. An instance admin can grant the flag to others.
UPDATE "User" SET "isInstanceAdmin" = true
WHERE "id" IN (
  SELECT m."userId" FROM "Membership" m
  WHERE m."role" = 'admin'
    AND m."workspaceId" = (SELECT w."id" FROM "Workspace" w ORDER BY w."createdAt" ASC, w."id" ASC LIMIT 1)
);
