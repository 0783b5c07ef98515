import {
  Bell,
  Boxes,
  Building2,
  Cable,
  CalendarClock,
  Circle,
  Cpu,
  KeyRound,
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
  bell: Bell,
  boxes: Boxes,
  "building-2": Building2,
  cable: Cable,
  "calendar-clock": CalendarClock,
  cpu: Cpu,
  "key-round": KeyRound,
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
