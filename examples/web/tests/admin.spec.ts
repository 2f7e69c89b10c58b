// The admin page runs the Luma sync against a calendar stand-in served here on POKTAPOK_LUMA_PORT (where global
// setup points the server's Luma hosts; tests/support/luma-standin.mjs), and the run appears in the history.
import { startLumaStandIn } from "../../../tests/support/luma-standin.mjs";
import { expect, makeAdmin, signIn, test, uniqueDid } from "./support";

const calendar = "frutero-club"; // Luma:CalendarSlug's default
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const start = Date.now() + 10 * 24 * 3600 * 1000;
const events = [0, 1].map((i) => ({
  slug: `web-${run}-${i}`,
  name: `Luma meetup ${i} (${run})`,
  startDate: new Date(start + i * 3600_000).toISOString(),
  endDate: new Date(start + i * 3600_000 + 7200_000).toISOString(),
}));

let luma: Awaited<ReturnType<typeof startLumaStandIn>>;
test.beforeAll(async () => {
  luma = await startLumaStandIn({ port: Number(process.env.POKTAPOK_LUMA_PORT), calendar, events, description: "Served by the browser tests." });
});
test.afterAll(() => luma.close());

test("the admin runs the Luma sync: the summary shows, the run is in the history, the events are listed", async ({ page: admin }) => {
  const did = uniqueDid("luma-admin");
  await makeAdmin(did);
  await signIn(admin, did);
  await admin.goto("/#/admin");
  const runs = admin.getByTestId("sync-run");
  await expect(admin.getByText("Loading runs…")).toHaveCount(0);
  const before = await runs.count();

  await admin.getByRole("button", { name: "Run Luma sync now" }).click();
  await expect(admin.getByTestId("sync-summary")).toContainText("success", { timeout: 30_000 });
  await expect(admin.getByTestId("sync-summary")).toContainText("2 created");

  // The history is a live paginated query: the new run is pushed to the table.
  await expect(runs).toHaveCount(before + 1);
  await expect(runs.first().locator("td")).toHaveText([/./, "admin", "success", "2", "0", "0", "0", ""]);

  await admin.goto("/#/");
  for (const e of events) await expect(admin.getByRole("heading", { name: e.name })).toBeVisible();
});
