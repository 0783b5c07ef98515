"use client";
import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, type UseFormReturn } from "react-hook-form";
import { Button, Field, Input, Select } from "@lifeboat/ui";
import { DAYS, EXTENDED_UNITS, RETENTION_UNITS, type PolicyFormValues } from "./policy-form-model.ts";
import { selectField } from "./schedule-fields.tsx";

type Props = { form: UseFormReturn<PolicyFormValues>; disabled: boolean };

/** Blackout windows: no new runs start inside them (§M.2 BlackoutWindow). */
export function BlackoutFields({ form, disabled }: Props) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "blackouts" });
  const errors = form.formState.errors.blackouts;
  return (
    <div className="flex flex-col gap-3">
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">No blackout windows: runs may start at any time.</p> : null}
      {fields.map((f, i) => (
        <div key={f.id} className="grid grid-cols-[1fr_1fr_1fr_auto] items-end gap-2">
          <Field label="Day">
            <Select disabled={disabled} {...selectField(form, `blackouts.${i}.day`)}>
              {DAYS.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </Select>
          </Field>
          <Field label="From" error={errors?.[i]?.start?.message}>
            <Input type="time" disabled={disabled} {...form.register(`blackouts.${i}.start`)} />
          </Field>
          <Field label="Until" error={errors?.[i]?.end?.message}>
            <Input type="time" disabled={disabled} {...form.register(`blackouts.${i}.end`)} />
          </Field>
          {!disabled ? (
            <Button variant="ghost" size="icon" aria-label={`Remove blackout window ${i + 1}`} onClick={() => remove(i)}>
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          ) : null}
        </div>
      ))}
      {!disabled ? (
        <div>
          <Button variant="secondary" size="sm" onClick={() => append({ day: "Saturday", start: "22:00", end: "06:00" })}>
            <Plus className="h-4 w-4" aria-hidden /> Add blackout window
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** Extended retention: keep one snapshot per period for longer (§M.2 ExtendedRetentionPolicy). */
export function ExtendedRetentionFields({ form, disabled }: Props) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "extended" });
  const errors = form.formState.errors.extended;
  return (
    <div className="flex flex-col gap-3">
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">No extended retention: every snapshot follows the retention above.</p> : null}
      {fields.map((f, i) => (
        <div key={f.id} className="grid grid-cols-[1fr_1fr_1fr_1fr_auto] items-end gap-2">
          <Field label="Keep one every" error={errors?.[i]?.frequency?.message}>
            <Input type="number" min={1} disabled={disabled} {...form.register(`extended.${i}.frequency`, { valueAsNumber: true })} />
          </Field>
          <Field label="Period">
            <Select disabled={disabled} {...selectField(form, `extended.${i}.unit`)}>
              {EXTENDED_UNITS.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </Select>
          </Field>
          <Field label="For" error={errors?.[i]?.retentionDuration?.message}>
            <Input type="number" min={1} disabled={disabled} {...form.register(`extended.${i}.retentionDuration`, { valueAsNumber: true })} />
          </Field>
          <Field label="Unit">
            <Select disabled={disabled} {...selectField(form, `extended.${i}.retentionUnit`)}>
              {RETENTION_UNITS.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </Select>
          </Field>
          {!disabled ? (
            <Button variant="ghost" size="icon" aria-label={`Remove extended retention ${i + 1}`} onClick={() => remove(i)}>
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          ) : null}
        </div>
      ))}
      {!disabled ? (
        <div>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => append({ unit: "Weeks", frequency: 1, retentionUnit: "Months", retentionDuration: 3 })}
          >
            <Plus className="h-4 w-4" aria-hidden /> Add extended retention
          </Button>
        </div>
      ) : null}
    </div>
  );
}
