// The admin page runs the Luma sync against a calendar stand-in served here on POKTAPOK_LUMA_PORT (where global
// setup points the server's Luma hosts), in the shapes of lu.ma's public pages (see
// tests/client-compat/luma_sync.test.mjs), and the run appears in the history.
import http from "node:http";
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

const page = (jsonLd: unknown) =>
  `<!doctype html><html><head><title>Luma</title><script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head><body></body></html>`;

let luma: http.Server;
test.beforeAll(async () => {
  luma = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname.slice(1);
    const event = events.find((e) => e.slug === path);
    const body =
      path === calendar
        ? page({
            "@context": "https://schema.org",
            "@type": "Organization",
            name: "Frutero Club",
            events: events.map((e) => ({ "@type": "Event", name: e.name, startDate: e.startDate, endDate: e.endDate, url: `https://lu.ma/${e.slug}` })),
          })
        : event
          ? page({ "@context": "https://schema.org", "@type": "Event", "@id": `https://lu.ma/${event.slug}`, name: event.name,
              startDate: event.startDate, endDate: event.endDate, description: "Served by the browser tests." })
          : null;
    response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    response.end(body ?? "not found");
  });
  await new Promise<void>((resolve, reject) => luma.once("error", reject).listen(Number(process.env.POKTAPOK_LUMA_PORT), "127.0.0.1", resolve));
});
test.afterAll(async () => {
  // The server's HTTP client keeps its connections open; close() alone would wait for them.
  luma.closeAllConnections();
  await new Promise<void>((resolve) => luma.close(() => resolve()));
});

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
