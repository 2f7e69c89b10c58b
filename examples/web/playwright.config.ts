// Browser tests of the example app: tests/global-setup.ts starts a throwaway Poktapok server, builds the app
// against it (tsc + vite build) and serves the build with `vite preview`. Chromium is Debian's (/usr/bin/chromium,
// or PLAYWRIGHT_CHROMIUM): Playwright's own browser download is not used.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests",
  globalSetup: "./tests/global-setup.ts",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: process.env.PLAYWRIGHT_CHROMIUM || "/usr/bin/chromium" },
    trace: "retain-on-failure",
  },
});
