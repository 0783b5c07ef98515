import {
  Boxes,
  Cable,
  CalendarClock,
  Circle,
  Cpu,
  LayoutDashboard,
  Link as LinkIcon,
  Play,
  Plug,
  RotateCcw,
  ScrollText,
  Server,
  Settings,
  Shield,
  Users,
  type LucideIcon,
} from "lucide-react";

const ICONS: Record<string, LucideIcon> = {
  boxes: Boxes,
  cable: Cable,
  "calendar-clock": CalendarClock,
  cpu: Cpu,
  "layout-dashboard": LayoutDashboard,
  link: LinkIcon,
  play: Play,
  plug: Plug,
  "rotate-ccw": RotateCcw,
  "scroll-text": ScrollText,
  server: Server,
  settings: Settings,
  shield: Shield,
  users: Users,
};

export function NavIcon({ name, className }: { name: string; className?: string }) {
  const Icon = ICONS[name] ?? Circle;
  return <Icon className={className} aria-hidden />;
}
