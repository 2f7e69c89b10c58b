// `npm run token -- did:privy:alice [--hours 24]`: a dev token from the server's own `poktapok token`, signed with
// the key `npm start` uses (.poktapok/dev-auth-key.pem).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildServer, devAuthEnv, repoRoot, serverDll, webDir } from "./poktapok.mjs";

const [did, ...rest] = process.argv.slice(2);
if (!did?.startsWith("did:")) {
  console.error("usage: npm run token -- did:privy:<you> [--hours N]");
  process.exit(2);
}
if (!existsSync(serverDll)) buildServer();
const keyPath = path.join(webDir, ".poktapok/dev-auth-key.pem");
const result = spawnSync("dotnet", [serverDll, "token", "--did", did, ...rest], {
  cwd: repoRoot,
  env: { ...process.env, DOTNET_NOLOGO: "1", ...devAuthEnv(keyPath) },
  stdio: "inherit",
});
process.exit(result.status ?? 1);
