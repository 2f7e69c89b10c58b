// users:me is null before the first login: its result must be checked.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

const me = await client.query(api.users.me, {});
export const username = me.user.username; // error TS18047
