import { notFound } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { openableWorkspace, workspacesFor } from "@/lib/access";
import { requireIdentity } from "@/lib/auth/session";

// Checked here, above every loading boundary, so a forbidden workspace answers a real 404 before anything streams.
export default async function WorkspaceLayout({
  params,
  children,
}: {
  params: Promise<{ slug: string }>;
  children: React.ReactNode;
}) {
  const { slug } = await params;
  const identity = await requireIdentity(`/w/${encodeURIComponent(slug)}`);
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) notFound();
  const workspaces = workspacesFor(identity).map(({ slug: s, name }) => ({ slug: s, name }));
  return (
    <>
      <AppHeader identity={identity} workspaces={workspaces} current={workspace.slug} />
      {children}
    </>
  );
}
