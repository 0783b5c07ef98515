"use client";
// The filter bar above a list: labelled controls in a grid, and "Clear filters" while any is set.
import { Button, Field, Input, Select, cn } from "@lifeboat/ui";
import type { ReactNode } from "react";

export function FilterBar({ label, children, onClear, className }: { label: string; children: ReactNode; onClear?: (() => void) | undefined; className?: string }) {
  return (
    <>
      <form className={cn("mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4", className)} aria-label={label} role="search" onSubmit={(e) => e.preventDefault()}>
        {children}
      </form>
      {onClear ? (
        <div className="-mt-2 mb-3">
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear filters
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** A select filter; `options` are [value, label] pairs ("" is "Any" unless given). */
export function SelectFilter<V extends string>({
  label,
  value,
  onChange,
  options,
  any = "Any",
  className,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly (readonly [V, string])[];
  /** The label of "" (no filter), or null when every option is a real value. */
  any?: string | null;
  className?: string;
}) {
  return (
    <Field label={label} {...(className ? { className } : {})}>
      <Select value={value} onChange={(e) => onChange(e.target.value as V)}>
        {any !== null ? <option value="">{any}</option> : null}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A search box above a list (no label of its own: the aria-label names it). */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="mb-4 max-w-sm">
      <Input type="search" placeholder={placeholder} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A text filter in the bar (a search box with a visible label). */
export function TextFilter({
  label,
  value,
  onChange,
  placeholder,
  hint,
  error,
  className,
  type = "search",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  hint?: string;
  error?: string | undefined;
  className?: string;
  type?: "search" | "datetime-local";
}) {
  return (
    <Field label={label} {...(hint ? { hint } : {})} error={error} {...(className ? { className } : {})}>
      <Input type={type} value={value} onChange={(e) => onChange(e.target.value)} maxLength={500} {...(placeholder ? { placeholder } : {})} {...(type === "datetime-local" ? { step: 1 } : {})} />
    </Field>
  );
}
