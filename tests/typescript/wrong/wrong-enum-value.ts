// A value outside a closed set: listPublished's status is upcoming, live, past or all.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.query(api.events.listPublished, { status: "someday" }); // error TS2322
