import type { BenchSection } from "./BenchSection";
import { formatMarkdownTable } from "./formatMarkdownTable";

/** A benchmark run on its own: prints its table and raw figures, or the error with a non-zero exit code. */
export function printSection(section: Promise<BenchSection>): void {
  section
    .then((result) => {
      console.log(formatMarkdownTable([result]));
      console.log(JSON.stringify(result.details, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
