import { EmptyState, PageHeader } from "@lifeboat/ui";
import { Construction } from "lucide-react";
import { areaBySlug, type AreaSlug } from "@/lib/areas.ts";

/** The honest empty state of an area whose screens have not been built yet. */
export function AreaPlaceholder({ slug }: { slug: AreaSlug }) {
  const area = areaBySlug(slug);
  return (
    <>
      <PageHeader title={area.label} description={area.description} />
      <EmptyState icon={<Construction />} title={`${area.label} are not in the portal yet`}>
        <p>This page is a placeholder. Coming next: {area.comingSoon}</p>
      </EmptyState>
    </>
  );
}
