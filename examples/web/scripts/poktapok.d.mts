// Types of poktapok.mjs for the TypeScript that imports it (the Playwright setup and tests).
import type { ChildProcess } from "node:child_process";

export declare const webDir: string;
export declare const repoRoot: string;
export declare const serverProject: string;
export declare const serverDll: string;
export declare function buildServer(): void;
export declare function freePort(): Promise<number>;
export declare function devAuthEnv(keyPath: string): Record<string, string>;
export declare function startServer(options: {
  port: number;
  database: string;
  keyPath: string;
  env?: Record<string, string>;
  output?: "inherit" | "ignore" | number;
  timeoutMs?: number;
}): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }>;
export declare function mintDevToken(keyPath: string, subject: string, seconds?: number): string;
