import { expect, png, signIn, test, uniqueDid, usernameOf } from "./support";

test("signing in with a dev token shows the member's own profile", async ({ page }) => {
  const did = uniqueDid("member");
  await signIn(page, did);
  await expect(page).toHaveURL(/#\/profile$/);
  const profile = page.getByRole("region", { name: "Your profile" });
  await expect(profile.getByTestId("username")).toHaveText(usernameOf(did));
  await expect(profile.getByTestId("account-status")).toHaveText("incomplete (member)");

  // Another member's token shows that member's account, not the previous one's.
  await page.goto("/#/sign-in");
  await page.getByRole("button", { name: "Sign out" }).click();
  const other = uniqueDid("other");
  await signIn(page, other);
  await expect(page.getByRole("region", { name: "Your profile" }).getByTestId("username")).toHaveText(usernameOf(other));
});

test("an uploaded avatar appears on the profile without a reload", async ({ page }) => {
  await signIn(page, uniqueDid("avatar"));
  const profile = page.getByRole("region", { name: "Your profile" });
  await expect(profile.getByTestId("username")).toBeVisible();
  await expect(profile.getByTestId("avatar")).toHaveCount(0);

  await profile.getByLabel(/Avatar image/).setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png(48) });
  const avatar = profile.getByTestId("avatar");
  await expect(avatar).toHaveAttribute("src", /\/api\/storage\/[0-9a-f-]{36}$/);
  // The browser fetched and decoded the stored image.
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
});

test("a refusal is shown with its stable code", async ({ page }) => {
  await signIn(page, uniqueDid("not-admin"));
  await page.goto("/#/admin");
  // listRuns refuses a member who is not an active admin.
  await expect(page.getByTestId("error-code").first()).toHaveText("FORBIDDEN");
  await page.getByRole("button", { name: "Run Luma sync now" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "FORBIDDEN" })).toHaveCount(2);
});
