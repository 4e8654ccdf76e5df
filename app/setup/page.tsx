import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers, getAuthService } from "@/lib/auth";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** One-time: only while no user exists. Afterwards it sends people to sign in. */
export default async function SetupPage() {
  const svc = await getAuthService();
  if ((await countUsers(svc.rt.database.db)) > 0) redirect("/login");
  return (
    <section className="auth-card">
      <h1>Set up Headroom</h1>
      <p>Create the first admin. This page works once, while Headroom has no users.</p>
      <CredentialsForm
        action="/api/setup"
        submitLabel="Create admin and sign in"
        next="/"
        fields={[
          { name: "name", label: "Name", type: "text", autoComplete: "name" },
          { name: "email", label: "Email", type: "email", autoComplete: "username" },
          { name: "password", label: "Password (12 characters or more)", type: "password", autoComplete: "new-password" },
        ]}
      />
    </section>
  );
}
