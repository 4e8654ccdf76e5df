import { asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Auth } from "./better-auth";
import { ROLES, type Role } from "./roles";

/** Input for a new user, validated at the edge. */
export const newUserSchema = z.object({
  email: z.email("a valid email address is required"),
  name: z.string().trim().min(1, "a name is required").max(100),
  password: z.string().min(12, "the password needs at least 12 characters").max(256),
  role: z.enum(ROLES),
});
/** A validated new user. */
export type NewUser = z.infer<typeof newUserSchema>;

/** A user as listed. */
export interface UserInfo {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** How many users exist; zero means first start. */
export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(user);
  return Number(row.n);
}

/** All users, oldest first. */
export async function listUsers(db: Db): Promise<UserInfo[]> {
  const rows = await db
    .select({ id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt })
    .from(user)
    .orderBy(asc(user.createdAt));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/** Thrown for a request that conflicts with existing users (duplicate email, last admin). */
export class UserConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserConflictError";
  }
}

/** True for a UserConflictError from any copy of this module. */
export function isUserConflictError(err: unknown): err is UserConflictError {
  return err instanceof Error && err.name === "UserConflictError";
}

/** Creates a user with a scrypt-hashed password through better-auth's own adapter. */
export async function createUser(auth: Auth, db: Db, input: NewUser, actor: Actor): Promise<UserInfo> {
  const email = input.email.toLowerCase();
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing) throw new UserConflictError(`a user with email ${email} already exists`);
  const ctx = await auth.$context;
  const created = await ctx.internalAdapter.createUser(
    { email, name: input.name, role: input.role, emailVerified: true },
    { method: "admin" },
  );
  await ctx.internalAdapter.linkAccount({
    userId: created.id,
    providerId: "credential",
    accountId: created.id,
    password: await ctx.password.hash(input.password),
  });
  await recordAudit(db, actor, "user.create", { type: "user", id: created.id }, { email, role: input.role });
  return { id: created.id, email, name: input.name, role: input.role, createdAt: created.createdAt };
}

/** Changes a user's role; refuses to demote the last admin. */
export async function setUserRole(db: Db, id: string, role: Role, actor: Actor): Promise<void> {
  await guardLastAdmin(db, id, role);
  const rows = await db.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, id)).returning({ id: user.id });
  if (rows.length === 0) throw new UserConflictError(`no user with id ${id}`);
  await recordAudit(db, actor, "user.set-role", { type: "user", id }, { role });
}

/** Deletes a user with their sessions and tokens; refuses to delete the last admin. */
export async function deleteUser(db: Db, id: string, actor: Actor): Promise<void> {
  await guardLastAdmin(db, id, null);
  const rows = await db.delete(user).where(eq(user.id, id)).returning({ email: user.email });
  if (rows.length === 0) throw new UserConflictError(`no user with id ${id}`);
  await recordAudit(db, actor, "user.delete", { type: "user", id }, { email: rows[0].email });
}

async function guardLastAdmin(db: Db, id: string, newRole: Role | null): Promise<void> {
  if (newRole === "admin") return;
  const admins = await db.select({ id: user.id }).from(user).where(eq(user.role, "admin"));
  if (admins.length === 1 && admins[0].id === id) throw new UserConflictError("Headroom needs at least one admin");
}
