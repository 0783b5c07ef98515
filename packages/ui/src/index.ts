export { cn } from "./cn.ts";
export { Button, type ButtonProps } from "./button.tsx";
export { Input, Select } from "./input.tsx";
export { Field, type FieldProps } from "./field.tsx";
export { Badge, type BadgeTone } from "./badge.tsx";
export { Skeleton, TableSkeleton } from "./skeleton.tsx";
export { Card, PageHeader } from "./card.tsx";
export { EmptyState, ErrorState, type EmptyStateProps } from "./empty-state.tsx";
export { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "./table.tsx";
export { Dialog, type DialogProps } from "./dialog.tsx";
export { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog.tsx";
export {
  DropdownMenu,
  DropdownMenuTrigger,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
} from "./dropdown-menu.tsx";
export { Toaster, toast } from "./toast.tsx";
export { LoadMore, type LoadMoreProps } from "./load-more.tsx";
