// Crash safety for data tasks. Every accepted task has a record in `<stateDir>/tasks/` until the
// engine has its result; the result itself is written into the record before it is sent. So after
// a crash (kill -9, power loss) the next start knows which tasks died with the agent and reports
// them Failed instead of leaving runs stuck in Running, and a result that was computed but not
// delivered is delivered then. Records hold no secrets: the repository is known only by a hash of
// its location.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { TaskResultSchema, type TaskResult, type TaskRepository } from "@lifeboat/agent-protocol";
import { repositoryAccess } from "@lifeboat/restic";

const InFlightRecordSchema = z.object({
  taskId: z.string(),
  type: z.string(),
  repoKey: z.string(),
  acceptedAt: z.string(),
  /** Set once the task ended; the record is removed when the engine took it. */
  result: TaskResultSchema.optional(),
});
export type InFlightRecord = z.infer<typeof InFlightRecordSchema>;

const RepairSchema = z.object({ repoKeys: z.array(z.string()) });

/** Non-secret identity of a repository: a hash of its location (no credentials in it). */
export function repositoryKey(repository: TaskRepository): string {
  return createHash("sha256").update(repositoryAccess(repository.config).location).digest("hex").slice(0, 32);
}

export function createInFlightStore(stateDir: string) {
  const dir = path.join(stateDir, "tasks");
  const repairFile = path.join(stateDir, "repair.json");
  const fileOf = (taskId: string) => path.join(dir, `${createHash("sha256").update(taskId).digest("hex").slice(0, 32)}.json`);

  async function writeAtomic(file: string, value: unknown) {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  async function readRepair(): Promise<Set<string>> {
    try {
      return new Set(RepairSchema.parse(JSON.parse(await fs.readFile(repairFile, "utf8"))).repoKeys);
    } catch {
      return new Set(); // missing (or unreadable: at worst one repair is skipped, never data lost)
    }
  }

  // Serialises read-modify-write of repair.json between concurrent tasks.
  let repairChain: Promise<unknown> = Promise.resolve();
  const updateRepair = (change: (keys: Set<string>) => void) => {
    const next = repairChain.then(async () => {
      const keys = await readRepair();
      change(keys);
      await writeAtomic(repairFile, { repoKeys: [...keys] });
    });
    repairChain = next.catch(() => undefined);
    return next;
  };

  return {
    async add(record: InFlightRecord): Promise<void> {
      await writeAtomic(fileOf(record.taskId), record);
    },
    async setResult(taskId: string, result: TaskResult): Promise<void> {
      const file = fileOf(taskId);
      const current = await this.get(taskId);
      if (current) await writeAtomic(file, { ...current, result });
    },
    async get(taskId: string): Promise<InFlightRecord | null> {
      try {
        return InFlightRecordSchema.parse(JSON.parse(await fs.readFile(fileOf(taskId), "utf8")));
      } catch {
        return null;
      }
    },
    async remove(taskId: string): Promise<void> {
      await fs.rm(fileOf(taskId), { force: true });
    },
    /** Records left by an earlier process of this agent. Unparseable files are dropped. */
    async list(): Promise<InFlightRecord[]> {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch {
        return [];
      }
      const records: InFlightRecord[] = [];
      for (const name of names.filter((n) => n.endsWith(".json"))) {
        const file = path.join(dir, name);
        try {
          records.push(InFlightRecordSchema.parse(JSON.parse(await fs.readFile(file, "utf8"))));
        } catch {
          await fs.rm(file, { force: true });
        }
      }
      return records;
    },
    needsRepair: async (repoKey: string) => (await readRepair()).has(repoKey),
    markForRepair: (repoKey: string) => updateRepair((keys) => keys.add(repoKey)),
    repaired: (repoKey: string) => updateRepair((keys) => keys.delete(repoKey)),
  };
}

export type InFlightStore = ReturnType<typeof createInFlightStore>;
