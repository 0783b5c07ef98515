"use client";
import type { FieldValues, Path, RegisterOptions, UseFormReturn } from "react-hook-form";
import { Field, Input, Select } from "@lifeboat/ui";
import { DAYS, FULL_UNITS, INCREMENTAL_UNITS, type PolicyFormValues } from "./policy-form-model.ts";

/**
 * register() for a native select, also controlled by the form's value: react-hook-form sets an
 * uncontrolled select's default only where the DOM honours it early (not in happy-dom).
 */
export function selectField<F extends FieldValues>(form: UseFormReturn<F>, name: Path<F>, options?: RegisterOptions<F, Path<F>>) {
  return { ...form.register(name, options), value: form.watch(name) as string };
}

const UNIT_LABEL: Record<string, string> = {
  None: "No separate full backups",
  ProtectOnce: "Once (protect once)",
  Minutes: "Every N minutes",
  Hours: "Every N hours",
  Days: "Every N days",
  Weeks: "On days of the week",
  Months: "On a day of the month",
};

/** Unit + the one leaf the unit selects (§M.2: unit picks minuteSchedule/hourSchedule/…). */
export function ScheduleFields({ form, which, disabled }: { form: UseFormReturn<PolicyFormValues>; which: "incremental" | "full"; disabled: boolean }) {
  const { register, watch, formState } = form;
  const unit = watch(`${which}.unit`);
  const errors = formState.errors[which];
  const units = which === "incremental" ? INCREMENTAL_UNITS : FULL_UNITS;
  const label = which === "incremental" ? "Incremental backups" : "Full backups";
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label={label}>
        <Select {...selectField(form, `${which}.unit`)} disabled={disabled}>
          {units.map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </Select>
      </Field>
      {unit === "Minutes" || unit === "Hours" || unit === "Days" ? (
        <Field label={`Every how many ${unit.toLowerCase()}`} error={errors?.frequency?.message}>
          <Input type="number" min={1} inputMode="numeric" disabled={disabled} {...register(`${which}.frequency`, { valueAsNumber: true })} />
        </Field>
      ) : null}
      {unit === "Months" ? (
        <Field label="Day of the month" error={errors?.dayOfMonth?.message} hint="Months without this day skip the run.">
          <Input type="number" min={1} max={31} inputMode="numeric" disabled={disabled} {...register(`${which}.dayOfMonth`, { valueAsNumber: true })} />
        </Field>
      ) : null}
      {unit === "Weeks" ? (
        <fieldset className="flex flex-col gap-1.5 sm:col-span-2" aria-describedby={errors?.days ? `${which}-days-error` : undefined}>
          <legend className="text-sm font-medium">Days</legend>
          <div className="flex flex-wrap gap-2">
            {DAYS.map((d) => (
              <label key={d} className="flex items-center gap-1.5 rounded-md border border-border px-2 py-1 text-sm focus-within:ring-2 focus-within:ring-ring">
                <input type="checkbox" value={d} className="h-4 w-4 accent-primary" disabled={disabled} {...register(`${which}.days`)} />
                {d.slice(0, 3)}
              </label>
            ))}
          </div>
          {errors?.days ? (
            <p id={`${which}-days-error`} role="alert" className="text-xs font-medium text-destructive">
              {errors.days.message}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}
