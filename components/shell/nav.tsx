"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

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
export function Nav() {
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
    </nav>
  );
}
