// `npm start`: builds and starts a local Poktapok server (dev tokens on, SQLite and files under .poktapok/) and the
// Vite dev server pointed at it; prints where to go and how to sign in. Ctrl+C stops both.
//
//   POKTAPOK_PORT   the server's port (default 3210, the app's default VITE_CONVEX_URL)
//   Any POKTAPOK_Section__Key=value setting is passed to the server (e.g. POKTAPOK_Luma__CalendarSlug).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createServer } from "vite";
import { buildServer, startServer, webDir } from "./poktapok.mjs";

const dataDir = path.join(webDir, ".poktapok");
const keyPath = path.join(dataDir, "dev-auth-key.pem");
const adminKeyPath = path.join(dataDir, "admin-key");
const port = Number(process.env.POKTAPOK_PORT ?? 3210);

mkdirSync(dataDir, { recursive: true });
// The operators' key of this local server (used by `npm run make-admin`), kept across restarts.
if (!existsSync(adminKeyPath)) writeFileSync(adminKeyPath, `local-${randomBytes(18).toString("base64url")}\n`, { mode: 0o600 });
const adminKey = readFileSync(adminKeyPath, "utf8").trim();

console.log("building the server (dotnet build src/Poktapok.Server)…");
buildServer();

let server;
let vite;
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([vite?.close(), server?.stop()]);
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  server = await startServer({
    port,
    database: path.join(dataDir, "poktapok.db"),
    keyPath,
    env: { POKTAPOK_Auth__AdminKey: adminKey, POKTAPOK_Storage__Directory: path.join(dataDir, "files") },
  });
} catch (error) {
  console.error(`npm start: ${error.message}${port === 3210 ? " (is another server on port 3210? set POKTAPOK_PORT)" : ""}`);
  process.exit(1);
}
server.child.once("exit", (code) => {
  if (!stopping) {
    console.error(`npm start: the Poktapok server stopped (exit code ${code})`);
    void stop(1);
  }
});

// Vite reads VITE_* from the environment; the app connects to this server.
process.env.VITE_CONVEX_URL = server.url;
vite = await createServer({ root: webDir, server: { host: "127.0.0.1" } });
await vite.listen();
const appUrl = vite.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";

console.log(`
  Poktapok server   ${server.url}   (data in ${path.relative(process.cwd(), dataDir) || "."})
  Web app           ${appUrl}

  Sign in: open ${appUrl}#/sign-in and paste a dev token:
      npm run token -- did:privy:alice
  Make that account an admin (for the admin page):
      npm run make-admin -- did:privy:alice

  Ctrl+C stops both.
`);
