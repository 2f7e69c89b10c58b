import { api } from "../convex/_generated/api";
import { expect, makeAdmin, operator, signIn, test, uniqueDid } from "./support";

const nextWeek = () => Date.now() + 7 * 24 * 3600 * 1000;

test("the landing page shows the published events, and not the drafts", async ({ page }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const ops = operator();
  const published = [`Demo day ${run}`, `Solidity workshop ${run}`];
  for (const [i, title] of published.entries())
    await ops.mutation(api.events.create, {
      title, lumaUrl: `https://lu.ma/landing-${run}-${i}`, startDate: nextWeek() + i * 3600_000, location: `Sala ${run}`, isPublished: true,
    });
  await ops.mutation(api.events.create, { title: `Draft ${run}`, lumaUrl: `https://lu.ma/draft-${run}`, startDate: nextWeek(), isPublished: false });

  await page.goto("/");
  const list = page.getByRole("list", { name: "Published events" });
  for (const title of published) {
    const item = list.getByTestId("event").filter({ has: page.getByRole("heading", { name: title }) });
    await expect(item).toContainText(`Sala ${run}`);
  }
  await expect(list.getByRole("heading", { name: `Draft ${run}` })).toHaveCount(0);
});

test("an event an admin creates in another browser appears on the landing page without a reload", async ({ page, browser }) => {
  const title = `Hack night ${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();
  await expect(page.getByText("Loading events…")).toHaveCount(0);
  // A reload would drop this.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  const adminDid = uniqueDid("admin");
  await makeAdmin(adminDid);
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, adminDid);
    await admin.goto("/#/admin");
    await admin.getByLabel("Title").fill(title);
    await admin.getByLabel("Location").fill("Casa Frutero");
    await admin.getByLabel("Luma URL").fill("https://lu.ma/hack-night");
    await admin.getByRole("button", { name: "Create event" }).click();
    await expect(admin.getByRole("status")).toHaveText(`Created “${title}”.`);
  } finally {
    await adminContext.close();
  }

  const item = page.getByTestId("event").filter({ has: page.getByRole("heading", { name: title }) });
  await expect(item).toContainText("Casa Frutero");
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});
