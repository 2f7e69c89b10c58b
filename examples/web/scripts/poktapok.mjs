// What `npm start`, the scripts and the browser tests share: where the server is, starting it, and dev tokens.
import { spawn, spawnSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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

const base64url = (data) => Buffer.from(data).toString("base64url");

/**
 * A dev token for `subject`, valid for `seconds`, signed with the dev key at `keyPath`: what `poktapok token --did`
 * prints (ES256, iss/aud "poktapok-dev", the key id the server derives from the public key).
 */
export function mintDevToken(keyPath, subject, seconds = 3600) {
  const privateKey = createPrivateKey(readFileSync(keyPath, "utf8"));
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const kid = base64url(createHash("sha256").update(spki).digest()).slice(0, 16);
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "ES256", typ: "JWT", kid }));
  const payload = base64url(JSON.stringify({ iss: "poktapok-dev", aud: "poktapok-dev", sub: subject, sid: `s-${now}`, iat: now, exp: now + seconds }));
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${base64url(signature)}`;
}
