// "Load more" under a cursor-paged list: the one control every list page shows below its table,
// fed straight from a TanStack infinite query (hasNextPage / isFetchingNextPage / fetchNextPage).
import { Button } from "./button.tsx";
import { cn } from "./cn.ts";

export interface LoadMoreProps {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  className?: string;
  /** The button's text (default "Load more"). */
  label?: string;
}

export function LoadMore({ list, className, label = "Load more" }: LoadMoreProps) {
  if (!list.hasNextPage) return null;
  return (
    <div className={cn("mt-4 flex justify-center", className)}>
      <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {label}
      </Button>
    </div>
  );
}
