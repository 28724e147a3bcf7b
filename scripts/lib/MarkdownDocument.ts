/**
 * A Markdown file read the way GitHub renders it, as far as the documentation checks need: headings and their
 * anchors, sections, table rows and links. Fenced code blocks are neither headings nor links (a `# comment` in a
 * shell block is not a heading).
 */
export class MarkdownDocument {
  /** Every line with its number (1-based) and whether it lies in a fenced code block (fences included). */
  private readonly lines: ReadonlyArray<{ readonly line: number; readonly text: string; readonly fenced: boolean }>;

  constructor(readonly text: string) {
    let inFence = false;
    this.lines = text.split("\n").map((line, index) => {
      const fence = /^\s*(```|~~~)/.test(line);
      if (fence) inFence = !inFence;
      return { line: index + 1, text: line, fenced: fence || inFence };
    });
  }

  /** The lines outside fenced code blocks. */
  private get prose() {
    return this.lines.filter(({ fenced }) => !fenced);
  }

  get lineCount(): number {
    return this.text.replace(/\n$/, "").split("\n").length;
  }

  /** Headings in order: their level, their text and GitHub's anchor for them (`-1`, `-2` … for repeats). */
  headings(): Array<{ readonly level: number; readonly title: string; readonly anchor: string }> {
    const seen = new Map<string, number>();
    return this.prose.flatMap(({ text }) => {
      const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
      if (match === null) return [];
      const title = match[2] as string;
      const base = slug(title);
      const repeats = seen.get(base) ?? 0;
      seen.set(base, repeats + 1);
      return [{ level: (match[1] as string).length, title, anchor: repeats === 0 ? base : `${base}-${repeats}` }];
    });
  }

  /** The lines under the heading titled `title`, code included, up to the next heading of its level or higher. */
  section(title: string): string[] {
    const isHeading = (entry: { text: string; fenced: boolean }) => !entry.fenced && /^#{1,6}\s/.test(entry.text);
    const start = this.lines.findIndex(
      (entry) => isHeading(entry) && new RegExp(`^#{1,6}\\s+${escapeRegExp(title)}\\s*$`).test(entry.text),
    );
    if (start < 0) return [];
    const level = headingLevel((this.lines[start] as { text: string }).text);
    const section: string[] = [];
    for (const entry of this.lines.slice(start + 1)) {
      if (isHeading(entry) && headingLevel(entry.text) <= level) break;
      section.push(entry.text);
    }
    return section;
  }

  /** The names a section's table rows document: each row's first cell when it is a single code span. */
  tableNames(title: string): string[] {
    return this.section(title).flatMap((line) => {
      const firstCell = /^\|\s*`([^`|]+)`\s*\|/.exec(line);
      return firstCell === null ? [] : [firstCell[1] as string];
    });
  }

  /** The fenced code blocks of a section, in order, each with the language its fence names. */
  codeBlocks(title: string): Array<{ readonly language: string; readonly code: string }> {
    const blocks: Array<{ language: string; code: string }> = [];
    let open: { language: string; lines: string[] } | undefined;
    for (const line of this.section(title)) {
      const fence = /^\s*(?:```|~~~)\s*(\S*)/.exec(line);
      if (fence === null) {
        open?.lines.push(line);
      } else if (open === undefined) {
        open = { language: fence[1] as string, lines: [] };
      } else {
        blocks.push({ language: open.language, code: `${open.lines.join("\n")}\n` });
        open = undefined;
      }
    }
    return blocks;
  }

  /** Every link target written `[text](target)` outside code, with its line number. */
  links(): Array<{ readonly line: number; readonly target: string }> {
    return this.prose.flatMap(({ line, text }) => {
      const withoutCode = text.replace(/`[^`]*`/g, "");
      return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
        line,
        target: match[1] as string,
      }));
    });
  }
}

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, `-` and `_` kept), spaces as `-`. */
function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

function headingLevel(line: string): number {
  return (/^#+/.exec(line) as RegExpExecArray)[0].length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
