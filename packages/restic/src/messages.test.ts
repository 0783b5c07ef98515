import { describe, expect, it } from "vitest";
import { parseJson } from "./backup.ts";
import { BackupErrorLineSchema, BackupStatusLineSchema, toProgress, toWarning } from "./messages.ts";

// Lines as restic 0.14 prints them with `backup --json` (status on stdout, errors on stderr).
describe("backup JSON lines", () => {
  it("a status line becomes progress with an ETA; omitted zero fields read as 0", () => {
    const line =
      '{"message_type":"status","seconds_elapsed":3,"seconds_remaining":7,"percent_done":0.3,"total_files":10,"total_bytes":1000,"bytes_done":300,"current_files":["/d/a"]}';
    const before = Date.now();
    const progress = toProgress(parseJson(line, BackupStatusLineSchema)!);
    expect(progress).toMatchObject({ percentDone: 0.3, filesDone: 0, totalFiles: 10, bytesDone: 300, totalBytes: 1000, secondsRemaining: 7, errorCount: 0 });
    expect(progress.eta!.getTime()).toBeGreaterThanOrEqual(before + 7000);
  });

  it("an error line becomes a warning naming the file and the errno", () => {
    const line = '{"message_type":"error","error":{"Op":"open","Path":"/d/secret","Err":13},"during":"archival","item":"/d/secret"}';
    expect(toWarning(parseJson(line, BackupErrorLineSchema)!)).toEqual({ item: "/d/secret", during: "archival", message: "open: permission denied" });
  });

  it("text and other message types are not mistaken for status lines", () => {
    expect(parseJson("Warning: at least one source file could not be read", BackupStatusLineSchema)).toBeNull();
    expect(parseJson('{"message_type":"summary"}', BackupStatusLineSchema)).toBeNull();
    expect(parseJson("{not json", BackupStatusLineSchema)).toBeNull();
  });
});
