// `npm run make-admin -- did:privy:alice`: makes that DID an active admin of the local server `npm start` runs, as
// an operator would (the admin key): signs in as it (users:login), applies (applications:submit), then approves the
// account and gives it the admin role (admin:approveUser, admin:setRole). Steps already done are skipped.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { mintDevToken, webDir } from "./poktapok.mjs";

const did = process.argv[2];
if (!did?.startsWith("did:")) {
  console.error("usage: npm run make-admin -- did:privy:<you>");
  process.exit(2);
}
const url = process.env.VITE_CONVEX_URL ?? `http://127.0.0.1:${process.env.POKTAPOK_PORT ?? 3210}`;
const dataDir = path.join(webDir, ".poktapok");
const adminKey = readFileSync(path.join(dataDir, "admin-key"), "utf8").trim();

const member = new ConvexHttpClient(url);
member.setAuth(mintDevToken(path.join(dataDir, "dev-auth-key.pem"), did, 600));
const operator = new ConvexHttpClient(url);
operator.setAdminAuth(adminKey);

try {
  let { user } = await member.mutation("users:login", {});
  if (user.accountStatus === "incomplete") {
    await member.mutation("applications:submit", { goal: "Run the club locally", motivationText: "Made an admin by npm run make-admin." });
    user = (await member.query("users:me", {})).user;
  }
  if (user.accountStatus === "pending") await operator.mutation("admin:approveUser", { userId: user._id });
  if (user.role !== "admin") await operator.mutation("admin:setRole", { userId: user._id, role: "admin", reason: "npm run make-admin" });
  console.log(`${did} (${user.username}) is an active admin of ${url}`);
} catch (error) {
  console.error(`make-admin: ${error.data?.code ?? ""} ${error.data?.message ?? error.message}`);
  process.exit(1);
}
