import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/shell/nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Headroom", template: "%s · Headroom" },
  description: "Observability and capacity planning for LLM inference fleets",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <Nav />
          <main className="main">{children}</main>
        </div>
      </body>
    </html>
  );
}
