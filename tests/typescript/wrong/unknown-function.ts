// A function the server does not have.
import { client } from "./client";
import { api } from "../../../examples/web/convex/_generated/api";

export const call = client.query(api.events.listEverything, {}); // error TS2339
