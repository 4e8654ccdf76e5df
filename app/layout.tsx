import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/shell/nav";
import { currentPrincipal } from "@/app/_server/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Headroom", template: "%s · Headroom" },
  description: "Observability and capacity planning for LLM inference fleets",
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed out (login and setup pages): no navigation, nothing about the fleet.
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body>
        {principal ? (
          <div className="shell">
            <Nav user={{ name: principal.name, email: principal.email, role: principal.role }} />
            <main className="main">{children}</main>
          </div>
        ) : (
          <main className="bare">{children}</main>
        )}
      </body>
    </html>
  );
}
