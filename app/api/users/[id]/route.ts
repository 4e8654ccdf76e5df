import { z } from "zod";
import { deleteUser, ROLES, setUserRole } from "@/lib/auth";
import { apiRoute } from "@/app/_server/route";

type Ctx = { params: Promise<{ id: string }> };
const patchSchema = z.object({ role: z.enum(ROLES) });

/** Changes a user's role (admin). */
export const PATCH = apiRoute<Ctx>("/api/users/[id]", "admin", async (req, ctx, { svc, principal }) => {
  const { id } = await ctx.params;
  const { role } = patchSchema.parse(await req.json());
  await setUserRole(svc.rt.database.db, id, role, { id: principal.userId, label: principal.email });
  svc.forgetIdentities();
  return Response.json({ status: "success" });
});

/** Deletes a user, their sessions and tokens (admin). */
export const DELETE = apiRoute<Ctx>("/api/users/[id]", "admin", async (_req, ctx, { svc, principal }) => {
  const { id } = await ctx.params;
  await deleteUser(svc.rt.database.db, id, { id: principal.userId, label: principal.email });
  svc.forgetIdentities();
  return Response.json({ status: "success" });
});
