"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Server } from "lucide-react";
import { useState } from "react";
import { Badge, Button, Dialog, EmptyState, ErrorState, Field, Input, Skeleton, toast } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { serverFieldErrors } from "@/components/policies/server-field-errors.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { hostOf, registerInput, type HostChoice, type SourceRow } from "./source-model.ts";

const STEPS = ["Connection", "Host", "Name"] as const;

function Steps({ at }: { at: number }) {
  return (
    <ol className="mb-4 flex gap-2 text-sm" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i === at ? "step" : undefined} className={i === at ? "font-semibold text-foreground" : "text-muted-foreground"}>
          {i + 1}. {s}
          {i < STEPS.length - 1 ? <span className="ml-2 text-muted-foreground">›</span> : null}
        </li>
      ))}
    </ol>
  );
}

function Choice({ selected, onSelect, children, label }: { selected: boolean; onSelect: () => void; children: React.ReactNode; label: string }) {
  return (
    <label className={`flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm focus-within:ring-2 focus-within:ring-ring ${selected ? "border-primary bg-primary/5" : "border-border"}`}>
      <input type="radio" className="mt-1 h-4 w-4 accent-primary" checked={selected} onChange={onSelect} aria-label={label} />
      <span className="flex-1">{children}</span>
    </label>
  );
}

/** Register a host: pick the data-source connection, a host its agents report, then the name. */
export function RegisterWizard({ open, onOpenChange, onRegistered }: { open: boolean; onOpenChange: (open: boolean) => void; onRegistered?: (s: SourceRow) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [host, setHost] = useState<HostChoice | null>(null);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<{ host?: string; name?: string }>({});
  const connections = useQuery({ ...trpc.connection.list.queryOptions({ limit: 100 }), enabled: open });
  const connectors = useQuery({ ...trpc.connector.list.queryOptions({ limit: 100, connectionId: connectionId ?? "" }), enabled: open && connectionId !== null });
  const hosts = (connectors.data?.items ?? []).map(hostOf);
  const create = useMutation(
    trpc.source.create.mutationOptions({
      onSuccess: async (s) => {
        await queryClient.invalidateQueries({ queryKey: trpc.source.pathKey() });
        toast.success(`Source "${s.name}" registered`);
        onOpenChange(false);
        onRegistered?.(s);
      },
      onError: (error) => {
        const placed = serverFieldErrors(error, "registration", [
          ["physicalParams", "host" as const],
          ["dataSourceConnectionId", "host" as const],
          ["name", "name" as const],
        ]);
        setErrors(placed);
        if (placed.host) setStep(1);
        toast.error(placed.host || placed.name ? "The registration needs attention" : errorMessage(error, "Could not register the source"));
      },
    }),
  );
  const nameError = name.trim().length > 200 ? "At most 200 characters" : errors.name;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Register a source" description="Protect a host that runs the Lifeboat agent." className="max-w-xl">
      <Steps at={step} />
      {step === 0 ? (
        <div className="flex flex-col gap-2" role="radiogroup" aria-label="Data-source connection">
          {connections.isPending ? <Skeleton className="h-16" /> : null}
          {connections.isError ? <ErrorState message={errorMessage(connections.error, "Could not load connections")} /> : null}
          {connections.data?.items.length === 0 ? (
            <EmptyState title="No data-source connection yet">Create one under Connections, install the agent on the host with its registration token, then come back.</EmptyState>
          ) : null}
          {connections.data?.items.map((c) => (
            <Choice key={c.connectionId} label={c.connectionName} selected={connectionId === c.connectionId} onSelect={() => { setConnectionId(c.connectionId ?? null); setHost(null); }}>
              <span className="font-medium">{c.connectionName}</span>
              <span className="block text-xs text-muted-foreground">Connection {c.connectionId}</span>
            </Choice>
          ))}
        </div>
      ) : null}
      {step === 1 ? (
        <div className="flex flex-col gap-2" role="radiogroup" aria-label="Host">
          {connectors.isPending ? <Skeleton className="h-16" /> : null}
          {connectors.isError ? <ErrorState message={errorMessage(connectors.error, "Could not load the hosts of this connection")} /> : null}
          {connectors.isSuccess && hosts.length === 0 ? (
            <EmptyState icon={<Server />} title="No agent has registered with this connection">Install the agent on the host with a registration token of this connection (Connections page); it appears here once it checks in.</EmptyState>
          ) : null}
          {hosts.map((h) => (
            <Choice key={h.connectorId} label={h.endpoint} selected={host?.connectorId === h.connectorId} onSelect={() => { setHost(h); setName(h.hostName ?? h.endpoint); setErrors({}); }}>
              <span className="font-medium">{h.hostName ?? h.connectorName}</span>{" "}
              {h.connected ? <Badge tone="success">Connected</Badge> : <Badge tone="warning">Not connected</Badge>}
              <span className="block text-xs text-muted-foreground">
                {h.address ? `${h.address} · ` : ""}agent {h.connectorName} · last seen <LocalTime value={h.lastSeen} />
              </span>
            </Choice>
          ))}
          {errors.host ? <p role="alert" className="text-xs font-medium text-destructive">{errors.host}</p> : null}
        </div>
      ) : null}
      {step === 2 && host ? (
        <div className="flex flex-col gap-3">
          <Field label="Source name" error={nameError} hint={`Registers ${host.endpoint} (a physical host, file-based backups).`}>
            <Input value={name} onChange={(e) => { setName(e.target.value); setErrors((x) => ({ ...x, name: undefined })); }} autoComplete="off" />
          </Field>
        </div>
      ) : null}
      <div className="mt-6 flex justify-between gap-2">
        <Button variant="secondary" onClick={() => (step === 0 ? onOpenChange(false) : setStep(step - 1))}>
          {step === 0 ? "Cancel" : "Back"}
        </Button>
        {step < 2 ? (
          <Button disabled={(step === 0 && !connectionId) || (step === 1 && !host)} onClick={() => setStep(step + 1)}>
            Next
          </Button>
        ) : (
          <Button loading={create.isPending} disabled={!!nameError} onClick={() => connectionId && host && create.mutate(registerInput(connectionId, host, name))}>
            Register source
          </Button>
        )}
      </div>
    </Dialog>
  );
}
