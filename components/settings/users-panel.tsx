"use client";

import type { FormEvent } from "react";
import type { UserInfo } from "@/lib/auth";
import { formatTime } from "@/lib/format";
import { useMutation } from "./use-mutation";

const ROLE_NAMES = ["viewer", "editor", "admin"] as const;

/** Admins manage users here: create with a role, change roles, delete. */
export function UsersPanel({ users, selfId }: { users: UserInfo[]; selfId: string }) {
  const { send, error, busy } = useMutation();

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = Object.fromEntries(new FormData(form).entries());
    if (await send("POST", "/api/users", data)) form.reset();
  }

  return (
    <section className="card wide" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Created (UTC)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  defaultValue={u.role}
                  disabled={busy}
                  onChange={(e) => send("PATCH", `/api/users/${u.id}`, { role: e.target.value })}
                >
                  {ROLE_NAMES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{formatTime(u.createdAt)}</td>
              <td>
                {u.id === selfId ? null : (
                  <button className="button danger" disabled={busy} onClick={() => send("DELETE", `/api/users/${u.id}`)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form inline-form" onSubmit={onCreate} aria-label="Add user">
        <input name="name" placeholder="Name" aria-label="Name" required />
        <input name="email" type="email" placeholder="Email" aria-label="Email" required />
        <input name="password" type="password" placeholder="Initial password (12+)" aria-label="Initial password" required />
        <select name="role" aria-label="Role" defaultValue="viewer">
          {ROLE_NAMES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button className="button" type="submit" disabled={busy}>
          Add user
        </button>
      </form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
