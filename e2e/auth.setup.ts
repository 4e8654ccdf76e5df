import { expect, test as setup } from "@playwright/test";
import { ADMIN, STORAGE_STATE } from "./fixtures";

// Signs in once through the real form; the other specs reuse the session cookie.
setup("sign in as the admin created from HEADROOM_ADMIN_PASSWORD", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await page.context().storageState({ path: STORAGE_STATE });
});
