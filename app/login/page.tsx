import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers, getAuthService } from "@/lib/auth";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const svc = await getAuthService();
  if ((await countUsers(svc.rt.database.db)) === 0) redirect("/setup");
  const { next } = await searchParams;
  return (
    <section className="auth-card">
      <h1>Sign in to Headroom</h1>
      <p>Use the account an admin created for you.</p>
      <CredentialsForm
        action="/api/session/login"
        submitLabel="Sign in"
        next={next ?? "/"}
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "username" },
          { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
        ]}
      />
    </section>
  );
}
