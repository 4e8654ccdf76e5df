"use client";

import { useRouter } from "next/navigation";

/** Ends the session and returns to the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await fetch("/api/session/logout", { method: "POST" });
        router.replace("/login");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
