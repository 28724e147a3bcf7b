import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { e2eWorkspace } from "../../scripts/lib/e2eWorkspace";

/**
 * A user's `npm install` of the packed package, next to a dependency that has an install script: npm blocks and
 * lists dependencies' install scripts (a `prepare` of a package installed from a file or git counts as one), and
 * must list that dependency but never this package.
 */
let project: string;
beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-install-"));
  fs.copyFileSync(e2eWorkspace().tarball, path.join(project, "pulumi-volcengine-live.tgz"));
  fs.mkdirSync(path.join(project, "scripted"));
  fs.writeFileSync(
    path.join(project, "scripted", "package.json"),
    JSON.stringify({ name: "scripted-dependency", version: "1.0.0", scripts: { postinstall: "node -e 0" } }),
  );
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({
      name: "user-project",
      private: true,
      dependencies: {
        "pulumi-volcengine-live": "file:./pulumi-volcengine-live.tgz",
        "scripted-dependency": "file:./scripted",
      },
    }),
  );
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

it("installs without npm listing an install script of this package", () => {
  const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: project,
    encoding: "utf8",
  });
  const output = `${install.stdout}\n${install.stderr}`;
  expect({ status: install.status, output: install.status === 0 ? "" : output }).toEqual({ status: 0, output: "" });
  const listed = output.split("\n").filter((line) => line.includes("install-scripts"));
  expect(listed.filter((line) => line.includes("scripted-dependency@1.0.0"))).toHaveLength(1);
  expect(listed.filter((line) => line.includes("pulumi-volcengine-live"))).toEqual([]);
  expect(fs.existsSync(path.join(project, "node_modules", "pulumi-volcengine-live", "dist", "provider"))).toBe(true);
});
