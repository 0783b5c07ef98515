import { describe, expect, it } from "vitest";
import { repositoryAccess, RepositoryConfigSchema } from "./repository.ts";

describe("repositoryAccess", () => {
  it("s3: credentials only in the environment, location and options free of secrets", () => {
    const access = repositoryAccess(
      RepositoryConfigSchema.parse({
        kind: "s3",
        endpoint: "https://s3.eu-de.example.com/",
        bucket: "tenant-a",
        prefix: "restic/host-1",
        accessKeyId: "AKIAEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG",
        region: "eu-de",
        pathStyle: true,
      }),
    );
    expect(access).toEqual({
      location: "s3:https://s3.eu-de.example.com/tenant-a/restic/host-1",
      env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG", AWS_DEFAULT_REGION: "eu-de" },
      args: ["--option=s3.bucket-lookup=path"],
      secrets: ["AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG"],
    });
  });

  it("sftp: port and key go into a non-interactive ssh command", () => {
    const access = repositoryAccess({
      kind: "sftp",
      host: "backup.example.com",
      user: "restic",
      port: 2222,
      path: "/srv/restic/tenant-a",
      privateKeyPath: "/etc/lifeboat/id_ed25519",
    });
    expect(access.location).toBe("sftp:restic@backup.example.com:/srv/restic/tenant-a");
    expect(access.args).toEqual([
      "--option=sftp.command=ssh restic@backup.example.com -p 2222 -i /etc/lifeboat/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -s sftp",
    ]);
  });

  it("refuses values that could be read as flags or are not what they claim", () => {
    const bad = RepositoryConfigSchema.safeParse({ kind: "sftp", host: "-oProxyCommand", path: "/r" });
    expect(bad.success).toBe(false);
    const badUrl = RepositoryConfigSchema.safeParse({
      kind: "s3", endpoint: "ftp://x", bucket: "b-1", accessKeyId: "abcd", secretAccessKey: "efgh",
    });
    expect(badUrl.error?.issues[0]?.message).toBe("repository.endpoint must be an http(s) URL");
  });

  it("maps the engine's repository gateway to a rest: location with the agent's credential inside", () => {
    const access = repositoryAccess({ kind: "rest", url: "http://127.0.0.1:4000/repository/v1/abc/", username: "agent", password: "lbat_a/b+c" });
    expect(access.location).toBe("rest:http://agent:lbat_a%2Fb%2Bc@127.0.0.1:4000/repository/v1/abc/");
    expect(access.secrets).toContain("lbat_a/b+c");
    expect(access.secrets).toContain("lbat_a%2Fb%2Bc");
    const withCreds = RepositoryConfigSchema.safeParse({ kind: "rest", url: "http://u:p@127.0.0.1/r/" });
    expect(withCreds.success).toBe(false);
  });
});
