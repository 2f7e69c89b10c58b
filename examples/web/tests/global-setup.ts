// Starts what the browser tests run against and tells the test workers where it is (environment variables set here
// are inherited by the workers):
//   POKTAPOK_URL        the Poktapok server (dev tokens on, a throwaway SQLite database unless POKTAPOK_WEB_DATABASE)
//   POKTAPOK_WEB_URL    the app, built with VITE_CONVEX_URL = POKTAPOK_URL and served by `vite preview`
//   POKTAPOK_DEV_KEY    the server's dev key (tests mint tokens with it), POKTAPOK_ADMIN_KEY the operators' key
//   POKTAPOK_LUMA_PORT  where the server's Luma hosts point (admin.spec.ts serves a calendar stand-in there)
// The server's output goes to POKTAPOK_WEB_SERVER_LOG (default .poktapok/playwright-server.log).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build, preview } from "vite";
import { buildServer, freePort, serverDll, startServer, webDir } from "../scripts/poktapok.mjs";
import { existsSync } from "node:fs";

export default async function globalSetup() {
  const work = mkdtempSync(path.join(tmpdir(), "poktapok-web-"));
  const keyPath = path.join(work, "dev-auth-key.pem");
  const adminKey = `web-admin-${randomBytes(12).toString("hex")}`;
  const lumaPort = await freePort();
  const logPath = process.env.POKTAPOK_WEB_SERVER_LOG || path.join(webDir, ".poktapok/playwright-server.log");
  mkdirSync(path.dirname(logPath), { recursive: true });

  // ./scripts/test has built the solution; a developer running `npx playwright test` may not have.
  if (!existsSync(serverDll)) buildServer();
  const server = await startServer({
    port: await freePort(),
    database: process.env.POKTAPOK_WEB_DATABASE || path.join(work, "web.db"),
    keyPath,
    output: openSync(logPath, "w"),
    env: {
      POKTAPOK_Auth__AdminKey: adminKey,
      POKTAPOK_Storage__Directory: path.join(work, "files"),
      POKTAPOK_Luma__WebUrl: `http://127.0.0.1:${lumaPort}/`,
      POKTAPOK_Luma__ApiUrl: `http://127.0.0.1:${lumaPort}/`,
      POKTAPOK_Luma__MaxRetries: "1",
    },
  });

  try {
    // The production build, type-checked first: a type error in the app (or against the generated api) fails here.
    const tsc = spawnSync(process.execPath, [path.join(webDir, "node_modules/typescript/bin/tsc"), "-b"], { cwd: webDir, encoding: "utf8" });
    if (tsc.status !== 0) throw new Error(`tsc -b failed:\n${tsc.stdout}${tsc.stderr}`);
    process.env.VITE_CONVEX_URL = server.url;
    const outDir = path.join(work, "dist");
    await build({ root: webDir, logLevel: "warn", build: { outDir, emptyOutDir: true } });
    const web = await preview({ root: webDir, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: await freePort(), strictPort: true } });
    const webUrl = web.resolvedUrls?.local[0];
    if (!webUrl) throw new Error("vite preview did not say where it listens");

    Object.assign(process.env, {
      POKTAPOK_URL: server.url,
      POKTAPOK_WEB_URL: webUrl,
      POKTAPOK_DEV_KEY: keyPath,
      POKTAPOK_ADMIN_KEY: adminKey,
      POKTAPOK_LUMA_PORT: String(lumaPort),
    });

    return async () => {
      await new Promise<void>((resolve) => web.httpServer.close(() => resolve()));
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    };
  } catch (error) {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
