import * as fs from "node:fs";
import * as path from "node:path";
import { MarkdownDocument } from "../../scripts/lib/MarkdownDocument";

/** The README is the user's first page: short, and it names the command CI runs to test the package. */

const REPO = path.resolve(__dirname, "..", "..");
const readme = new MarkdownDocument(fs.readFileSync(path.join(REPO, "README.md"), "utf8"));

it("is at most 250 lines", () => {
  expect(readme.lineCount).toBeLessThanOrEqual(250);
});

it("starts with installing the package and a first stack, before anything else", () => {
  expect(
    readme
      .headings()
      .slice(0, 3)
      .map(({ title }) => title),
  ).toEqual(["pulumi-volcengine-live", "Install", "A first stack, against the local emulator"]);
  expect(readme.section("Install").join("\n")).toContain("npm install pulumi-volcengine-live");
});

it("names the test command that CI runs (.ci/run)", () => {
  const ciRun = fs.readFileSync(path.join(REPO, ".ci", "run"), "utf8");
  expect(ciRun).toMatch(/^npm test$/m);
  expect(readme.section("Contributing").join("\n")).toContain("`npm test`");
});
