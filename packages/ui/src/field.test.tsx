// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Field } from "./field.tsx";
import { Input } from "./input.tsx";

afterEach(cleanup);

describe("Field", () => {
  it("labels its control and ties hint and error to it for screen readers", () => {
    render(
      <Field label="Service URL" hint="Ends in /v2" error="The service URL must end in /v2">
        <Input />
      </Field>,
    );
    const input = screen.getByLabelText("Service URL");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = (input.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(["Ends in /v2", "The service URL must end in /v2"]);
    expect(screen.getByRole("alert").textContent).toBe("The service URL must end in /v2");
  });

  it("marks nothing invalid without an error", () => {
    render(
      <Field label="Name">
        <Input />
      </Field>,
    );
    const input = screen.getByLabelText("Name");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.hasAttribute("aria-describedby")).toBe(false);
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
