import { notFound } from "next/navigation";
import { AppHeader } from "@/components/shell/app-header";
import { auditDenial, auditedPerson } from "@/lib/api/audit";
import { openableWorkspace, workspacesFor } from "@/lib/auth/access";
import { requireIdentity } from "@/lib/auth/session";
import { notePersonSeen } from "@/lib/follow-ups/people";
import { workspacePath } from "@/lib/shared/paths";

// Checked here, above every loading boundary, so a forbidden workspace answers a real 404 before anything streams.
export default async function WorkspaceLayout({
  params,
  children,
}: {
  params: Promise<{ slug: string }>;
  children: React.ReactNode;
}) {
  const { slug } = await params;
  const identity = await requireIdentity(workspacePath(encodeURIComponent(slug)));
  const workspace = openableWorkspace(identity, slug);
  if (!workspace) {
    auditDenial({ reason: "not_member", status: 404, person: auditedPerson(identity), slug });
    notFound();
  }
  // The workspace's people (assignees of follow-ups): queued, never awaited.
  notePersonSeen(workspace, identity);
  const workspaces = workspacesFor(identity).map(({ slug: s, name }) => ({ slug: s, name }));
  return (
    <>
      <AppHeader identity={identity} workspaces={workspaces} current={workspace.slug} />
      {children}
    </>
  );
}
