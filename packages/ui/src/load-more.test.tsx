// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LoadMore } from "./load-more.tsx";

afterEach(cleanup);

describe("LoadMore", () => {
  it("renders nothing on the last page", () => {
    const { container } = render(<LoadMore list={{ hasNextPage: false, isFetchingNextPage: false, fetchNextPage: vi.fn() }} />);
    expect(container.innerHTML).toBe("");
  });

  it("fetches the next page on click and is busy while it loads", async () => {
    const fetchNextPage = vi.fn();
    const { rerender } = render(<LoadMore list={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage }} />);
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
    rerender(<LoadMore list={{ hasNextPage: true, isFetchingNextPage: true, fetchNextPage }} />);
    expect((screen.getByRole("button", { name: /Load more/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});
