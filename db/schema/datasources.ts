import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Prometheus-compatible datasources added on the Settings page (those in headroom.yml are not
 * stored). The credential is sealed with HEADROOM_SECRET_KEY and never returned in full.
 */
export const datasources = pgTable("datasources", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  type: text("type").notNull().default("prometheus"),
  url: text("url").notNull(),
  /** none | basic | bearer */
  authType: text("auth_type").notNull().default("none"),
  username: text("username"),
  secretSealed: text("secret_sealed"),
  timeoutMs: integer("timeout_ms").notNull().default(30_000),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
