// A client cannot call an internal reference either.
import { client } from "./client";
import { internal } from "../../../examples/web/convex/_generated/api";

export const call = client.action(internal.luma.sync.syncCalendar, {}); // error TS2345
