import { createUser, listUsers, newUserSchema } from "@/lib/auth";
import { apiRoute } from "@/app/_server/route";

/** Lists users (admin). */
export const GET = apiRoute("/api/users", "admin", async (_req, _ctx, { svc }) => {
  return Response.json({ status: "success", data: await listUsers(svc.rt.database.db) });
});

/** Creates a user with a role (admin). */
export const POST = apiRoute("/api/users", "admin", async (req, _ctx, { svc, principal }) => {
  const input = newUserSchema.parse(await req.json());
  const created = await createUser(svc.auth, svc.rt.database.db, input, { id: principal.userId, label: principal.email });
  return Response.json({ status: "success", data: created }, { status: 201 });
});
