const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] };

/** @type {import('jest').Config} */
module.exports = {
  // Tests start real servers on loopback; a hung socket must fail the run, not stall CI.
  testTimeout: 30000,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "\\.e2e\\.test\\.ts$"],
      transform,
    },
    {
      // The real Pulumi CLI against the emulator. globalSetup provides the CLI and a project with the packed
      // package installed; it runs only when an e2e test is selected.
      displayName: "e2e",
      testEnvironment: "node",
      roots: ["<rootDir>/test/e2e"],
      testMatch: ["**/*.e2e.test.ts"],
      globalSetup: "<rootDir>/scripts/lib/prepareE2eWorkspace.ts",
      setupFilesAfterEnv: ["<rootDir>/test/e2e/support/timeouts.ts"],
      transform,
    },
  ],
};
