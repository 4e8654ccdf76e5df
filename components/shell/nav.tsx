"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";

/** The sections of the console, in the order an operator reaches for them. */
export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/explore", label: "Explore" },
  { href: "/targets", label: "Targets" },
  { href: "/alerts", label: "Alerts" },
  { href: "/forecasts", label: "Forecasts" },
  { href: "/benchmarks", label: "Benchmarks" },
  { href: "/reports", label: "Reports" },
  { href: "/settings", label: "Settings" },
] as const;

/** The left-hand navigation; marks the current section for screen readers and the eye. */
export function Nav({ user }: { user: { name: string; email: string; role: string } }) {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        Headroom<small>LLM inference console</small>
      </div>
      {NAV_ITEMS.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}>
            {item.label}
          </Link>
        );
      })}
      <div className="nav-user">
        <span title={user.email}>{user.name}</span>
        <small>{user.role}</small>
        <SignOutButton />
      </div>
    </nav>
  );
}
