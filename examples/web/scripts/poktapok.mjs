// What `npm start`, the scripts and the browser tests share: where the server is, starting it, and dev tokens.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(webDir, "../..");
export const serverProject = path.join(repoRoot, "src/Poktapok.Server");
/** The server as `dotnet build` leaves it (what ./scripts/test runs too). */
export const serverDll = path.join(serverProject, "bin/Debug/net10.0/poktapok.dll");

/** Builds the server (incremental: quick when nothing changed). Throws with the build output on failure. */
export function buildServer() {
  const result = spawnSync("dotnet", ["build", serverProject, "--nologo", "-v", "quiet"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", MSBUILDTERMINALLOGGER: "off" },
  });
  if (result.error) throw new Error(`could not run dotnet (is the .NET SDK installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the server build failed:\n${result.stdout}${result.stderr}`);
}

/** A TCP port nobody listens on now, from the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const listening = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** The environment `poktapok serve` and `poktapok token` need for dev tokens with the key at `keyPath`. */
export const devAuthEnv = (keyPath) => ({ POKTAPOK_Auth__Dev__Enabled: "true", POKTAPOK_Auth__Dev__KeyPath: keyPath });

/**
 * Starts `poktapok serve` (the built dll) on 127.0.0.1:`port` with dev tokens on and resolves once it listens.
 * `env` adds settings (POKTAPOK_Section__Key=value); output goes to `output` ("inherit" or a writable stream's fd).
 * Resolves with {url, child, stop()}.
 */
export async function startServer({ port, database, keyPath, env = {}, output = "inherit", timeoutMs = 60_000 }) {
  if (!existsSync(serverDll)) throw new Error(`${serverDll} is missing: build the server first (dotnet build src/Poktapok.Server)`);
  const child = spawn("dotnet", [serverDll, "serve", "--urls", `http://127.0.0.1:${port}`, "--database", database], {
    cwd: repoRoot,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", ...devAuthEnv(keyPath), ...env },
    stdio: ["ignore", output, output],
  });
  let exit = null;
  child.once("exit", (code, signal) => (exit = { code, signal }));
  const stop = () =>
    new Promise((resolve) => {
      if (exit) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  while (!(await listening(port))) {
    if (exit) throw new Error(`the server exited before listening (code ${exit.code}, signal ${exit.signal})`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not listen on port ${port} within ${timeoutMs} ms`);
    }
    await sleep(100);
  }
  return { url: `http://127.0.0.1:${port}`, child, stop };
}

/** Dev tokens as `poktapok token --did` prints them, minted here without starting dotnet (tests/support/dev-token.mjs). */
export { mintDevToken } from "../../../tests/support/dev-token.mjs";
