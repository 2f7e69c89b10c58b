// The client the wrong calls use (types only: nothing here runs).
import type { ConvexClient } from "convex/browser";

export declare const client: ConvexClient;
