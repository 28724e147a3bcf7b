import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

interface Manifest {
  types: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  exports: Record<string, string | { types?: string; require?: string }>;
}

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;

/** The files `npm pack` would put in the tarball, as it lists them. */
function packedPaths(): string[] {
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }),
  ) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((file) => file.path);
}

/** Every file package.json points a user at: main, types, each export's types and code, the command. */
function entryPoints(): string[] {
  const targets = Object.values(manifest.exports).flatMap((target) =>
    typeof target === "string" ? [target] : [target.types, target.require].filter((path) => path !== undefined),
  );
  return [manifest.types, ...targets, ...Object.values(manifest.bin)].map((path) => path.replace(/^\.\//, ""));
}

describe("the npm package", () => {
  const paths = packedPaths();

  it("packs the licence, the README, the changelog and the manifest", () => {
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "package.json"]));
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  it("packs every entry point package.json names, with its type declarations", () => {
    expect(entryPoints()).toEqual(
      expect.arrayContaining(["dist/provider/index.d.ts", "dist/emulator/index.d.ts", "dist/emulator/cli.js"]),
    );
    expect(entryPoints().filter((path) => !paths.includes(path))).toEqual([]);
  });

  it("packs compiled code only: no tests, no source maps, no TypeScript sources besides declarations", () => {
    expect(paths.filter((path) => /(^|\/)test\/|\.(test|spec)\./.test(path))).toEqual([]);
    expect(paths.filter((path) => path.endsWith(".map"))).toEqual([]);
    expect(paths.filter((path) => /\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path))).toEqual([]);
    const outsideDist = paths.filter((path) => !/^dist\/(provider|emulator)\//.test(path));
    expect(outsideDist.sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
  });

  it("runs nothing when installed: the build is a prepack step, so npm lists no install script of ours", () => {
    const lifecycle = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(manifest.scripts).filter((name) => lifecycle.includes(name))).toEqual([]);
    expect(manifest.scripts.prepack).toBe("npm run build");
  });

  it("declares the emulator's command and library entry points", () => {
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
