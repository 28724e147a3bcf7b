import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { startEmulator } from "../../emulator";
import { E2eStack } from "../../scripts/lib/E2eStack";
import { MarkdownDocument } from "../../scripts/lib/MarkdownDocument";
import { waitUntilProcessGone } from "../../scripts/lib/waitUntilProcessGone";

/**
 * The README's first stack, as a user follows it: its program, then its script (start the emulator, point the
 * provider at it, `up`, read `taskId`, `destroy`, stop the emulator), in a project that has the package installed.
 * The project set-up block (`pulumi new`, `npm install`) is what the test workspace already did.
 */

const REPO = path.resolve(__dirname, "..", "..");
const FIRST_STACK = "A first stack, against the local emulator";

const readme = new MarkdownDocument(fs.readFileSync(path.join(REPO, "README.md"), "utf8"));
const blocks = readme.codeBlocks(FIRST_STACK);

function onlyBlock(language: string, containing: string): string {
  const found = blocks.filter((block) => block.language === language && block.code.includes(containing));
  if (found.length !== 1)
    throw new Error(`README "${FIRST_STACK}" has ${found.length} ${language} blocks with ${containing}`);
  return (found[0] as { code: string }).code;
}

it("creates the relay on the emulator the script starts, prints its taskId, destroys it and stops the emulator", async () => {
  // The stack's own environment points at an emulator in this process; the script must replace it with its own.
  const elsewhere = await startEmulator();
  let stack: E2eStack | undefined;
  try {
    stack = await E2eStack.create("readme-first-stack", elsewhere);
    fs.writeFileSync(path.join(stack.directory, "index.ts"), onlyBlock("ts", "new FixedRelayV4("));
    const result = await stack.shell(onlyBlock("sh", "npx volc-live-emulator"));
    expect({ code: result.code, output: result.code === 0 ? "" : result.output.slice(-4000) }).toEqual({
      code: 0,
      output: "",
    });
    expect(result.output).toMatch(/FixedRelayV4 keynote created/);
    expect(result.output).toMatch(/FixedRelayV4 keynote deleted/);
    // `pulumi stack output taskId` prints the TaskId the emulator returned (a number) on a line of its own.
    expect(result.stdout).toMatch(/^\d+$/m);
    expect(elsewhere.requests().requests).toEqual([]);
    const pid = startedEmulatorPid(stack.directory);
    expect(pid).toEqual(expect.any(Number));
    await expect(waitUntilProcessGone(pid as number)).resolves.toBe(true);
  } finally {
    // A script that failed half-way leaves its emulator running.
    const pid = stack === undefined ? undefined : startedEmulatorPid(stack.directory);
    if (pid !== undefined && !(await waitUntilProcessGone(pid))) process.kill(pid, "SIGKILL");
    await elsewhere.stop();
  }
});

/** The pid in the ready line the script saved, if it got that far. */
function startedEmulatorPid(directory: string): number | undefined {
  const file = path.join(directory, "emulator.json");
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return undefined;
  return z.object({ pid: z.number() }).parse(JSON.parse(fs.readFileSync(file, "utf8"))).pid;
}
