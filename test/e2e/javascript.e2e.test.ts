import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { E2eStack } from "../../scripts/lib/E2eStack";

/**
 * A plain JavaScript program has no type check to catch a misspelt argument: the resources forward every argument
 * they are given, and check names the one it does not know, with the input it was probably meant to be.
 */
const PROGRAMS: Array<[string, string, Array<[string, string]>]> = [
  [
    "FixedRelayV4",
    `new FixedRelayV4("relay", {
      domain: "play.e2e-javascript.example.com",
      app: "live",
      stream: "keynote",
      sourceUrls: ["rtmp://studio.example.com/live/keynote"],
      startTme: "2030-01-01T08:00:00Z",
      endTim: "2030-01-01T10:00:00Z",
    });`,
    [
      ["startTme", "startTime"],
      ["endTim", "endTime"],
    ],
  ],
  [
    "RelayGroupV3",
    `new RelayGroupV3("group", {
      vhost: "push.e2e-javascript.example.com",
      group: "g1",
      servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
      adpot: true,
    });`,
    [["adpot", "adopt"]],
  ],
  [
    "LiveCallback",
    `new LiveCallback("hook", {
      vhost: "push.e2e-javascript.example.com",
      messageType: "push",
      callbacks: [{ url: "https://hooks.example.com/push" }],
      authEnabeld: true,
    });`,
    [["authEnabeld", "authEnabled"]],
  ],
];

function javascript(declaration: string): string {
  return `"use strict";\nconst { FixedRelayV4, LiveCallback, RelayGroupV3 } = require("pulumi-volcengine-live");\n\n${declaration}\n`;
}

describe("a JavaScript program", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = await E2eStack.create("javascript", emulator, { javascript: javascript("") });
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it.each(PROGRAMS)(
    "with a misspelt %s argument fails preview naming it and the input meant, calling no API",
    async (_kind, declaration, misspellings) => {
      fs.writeFileSync(path.join(stack.directory, "index.js"), javascript(declaration));
      const result = await stack.expectFailure(["preview"]);
      for (const [misspelt, meant] of misspellings) {
        expect(result.output).toContain(`property ${misspelt} value {`);
        expect(result.output).toMatch(new RegExp(`property ${misspelt} .*did you mean \`${meant}\`\\?`));
      }
      expect(emulator.requests().requests).toEqual([]);
    },
  );
});
