import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

describe("the npm package", () => {
  it("packs the compiled CommonJS library with its type declarations and nothing else", () => {
    const [pack] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const paths = (pack?.files ?? []).map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(["package.json", "README.md", "dist/provider/index.js", "dist/provider/index.d.ts"]),
    );
    expect(
      paths.filter(
        (path) => !/^dist\/(provider|emulator)\//.test(path) && !["package.json", "README.md"].includes(path),
      ),
    ).toEqual([]);
    expect(paths.some((path) => path.includes(".test."))).toBe(false);
    expect(paths).toEqual(expect.arrayContaining(["dist/emulator/cli.js", "dist/emulator/index.js"]));
  });

  it("declares the emulator's command and library entry points", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      exports: Record<string, unknown>;
    };
    expect(manifest.bin).toEqual({ "volc-live-emulator": "dist/emulator/cli.js" });
    const script = `const { startEmulator } = require("pulumi-volcengine-live/emulator"); console.log(typeof startEmulator);`;
    expect(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" }).trim()).toBe("function");
  });

  it("loads by its name through package.json exports, exposing signRequest and the client", () => {
    const script = `
      const live = require("pulumi-volcengine-live");
      console.log(JSON.stringify({
        signRequest: typeof live.signRequest, arity: live.signRequest.length,
        LiveClient: typeof live.LiveClient, ApiError: typeof live.ApiError,
      }));`;
    const output = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({
      signRequest: "function",
      arity: 2,
      LiveClient: "function",
      ApiError: "function",
    });
  });
});
