/** The admin the e2e server creates at start (playwright.config.ts passes the password). */
export const ADMIN = { email: "admin@headroom.local", password: "e2e-admin-password-123" };
/** Where the signed-in browser state is kept between the setup and the specs. */
export const STORAGE_STATE = "test-results/e2e-admin.json";
