import type { BenchSection } from "./BenchSection";

/** One markdown table for all sections: section, metric, value, target, met, note. */
export function formatMarkdownTable(sections: readonly BenchSection[]): string {
  const lines = ["| Benchmark | Measure | Value | Target | Met | Note |", "|---|---|---|---|---|---|"];
  for (const section of sections) {
    for (const row of section.rows) {
      const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
      lines.push(
        `| ${section.title} | ${row.metric} | ${formatValue(row.value)} ${row.unit} | ${row.target ?? ""} | ${met} | ${row.note ?? ""} |`,
      );
    }
  }
  return lines.join("\n");
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
