import * as fs from "node:fs";
import * as path from "node:path";
import { MarkdownDocument } from "../../scripts/lib/MarkdownDocument";

/**
 * Every relative link in the README and in docs/ leads somewhere: to a file or directory of the repository and,
 * when it names an anchor, to a heading of that Markdown file (or of the same file, for `#anchor` alone).
 */

const REPO = path.resolve(__dirname, "..", "..");

function markdownFiles(directory: string): string[] {
  return fs.readdirSync(path.join(REPO, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) return markdownFiles(relative);
    return entry.name.endsWith(".md") ? [relative] : [];
  });
}

const FILES = ["README.md", ...markdownFiles("docs")];
const read = (file: string) => new MarkdownDocument(fs.readFileSync(path.join(REPO, file), "utf8"));

/** Why a relative link is broken, or undefined when it resolves. */
function brokenReason(from: string, target: string): string | undefined {
  const [pathPart = "", anchor] = target.split("#", 2);
  const resolved = pathPart === "" ? from : path.join(path.dirname(from), decodeURIComponent(pathPart));
  if (path.relative(REPO, path.join(REPO, resolved)).startsWith("..")) return "leads outside the repository";
  if (!fs.existsSync(path.join(REPO, resolved))) return `${resolved} does not exist`;
  if (anchor === undefined || anchor === "") return undefined;
  if (!resolved.endsWith(".md")) return `${resolved} is not Markdown, so #${anchor} cannot be checked`;
  const anchors = read(resolved)
    .headings()
    .map((heading) => heading.anchor);
  return anchors.includes(anchor) ? undefined : `${resolved} has no heading #${anchor}`;
}

it("covers the README and every page under docs/", () => {
  expect(FILES).toEqual(expect.arrayContaining(["README.md", "docs/operations.md", "docs/resources/live-callback.md"]));
});

it.each(FILES)("%s: every relative link resolves, anchors included", (file) => {
  const broken = read(file)
    .links()
    .filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .flatMap(({ line, target }) => {
      const reason = brokenReason(file, target);
      return reason === undefined ? [] : [`${file}:${line} (${target}): ${reason}`];
    });
  expect(broken).toEqual([]);
});
