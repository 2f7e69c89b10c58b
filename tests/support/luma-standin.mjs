// A stand-in for Luma's public calendar pages on 127.0.0.1, in the shapes the sync reads (schema.org JSON-LD): the
// calendar page lists its events, each event page describes one. Shared by the client-compatibility tests and the
// example app's browser tests; servers under test point Luma:WebUrl and Luma:ApiUrl at it. Node built-ins only.
import http from "node:http";

const page = (jsonLd) =>
  `<!doctype html><html><head><title>Luma</title><script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head><body></body></html>`;

/**
 * Serves `calendar` with `events` ({slug, name, startDate, endDate} with ISO dates) on 127.0.0.1:`port`; anything
 * else is a 404. Resolves once listening; `close()` ends open connections too (servers keep theirs alive).
 */
export async function startLumaStandIn({ port, calendar, events, description = "Served by a test's Luma stand-in." }) {
  const server = http.createServer((request, response) => {
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
              startDate: event.startDate, endDate: event.endDate, description })
          : null;
    response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    response.end(body ?? "not found");
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return {
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
