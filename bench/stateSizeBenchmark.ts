/**
 * State size: bytes each resource adds to the stack's checkpoint in the file backend (the file the engine rewrites
 * after every step, so its size is paid once per step of every command), and to `pulumi stack export`.
 *
 *   npm run bench -- --only state
 *   npx ts-node --transpile-only bench/stateSizeBenchmark.ts [--quick]
 *
 * One stack under the real CLI, against the emulator with no rate limit: `up` with no resources, then with N
 * resources of each kind in turn. Bytes per resource = (bytes with N − bytes with none) ÷ N, so it includes 1/N of
 * the default provider's own entry. One resource's entry is split by field to say where the bytes go.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";
import type { BenchOptions, BenchRow, BenchSection } from "./BenchSection";
import { CliStack, type ResourceKind, type ResourceSpecs } from "./CliStack";
import { cliScaleStack } from "./cliScaleStack";
import { printSection } from "./printSection";

const KINDS: readonly ResourceKind[] = ["RelayGroupV3", "FixedRelayV4", "LiveCallback"];
const TARGET_BYTES = 1500;
const UP = ["up", "--yes", "--skip-preview"];

interface StateEntry {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** The first `count` resources of `kind` in the CLI-at-scale layout. */
function resourcesOfKind(kind: ResourceKind, count: number): ResourceSpecs {
  const all = Object.entries(cliScaleStack(count * 4).specs).filter(([, spec]) => spec.kind === kind);
  return Object.fromEntries(all.slice(0, count));
}

/** Bytes of `"field":value,` as the minified checkpoint writes it. */
function fieldBytes(field: string, value: unknown): number {
  return Buffer.byteLength(`${JSON.stringify(field)}:${JSON.stringify(value)},`);
}

/**
 * Where one entry's bytes go, by field, largest first; `__provider` is split out of inputs and outputs. The
 * checkpoint is minified JSON, so the entry's bytes are its JSON text (checked against the file).
 */
function entryBreakdown(checkpoint: string, entry: StateEntry): { bytes: number; parts: Record<string, number> } {
  const text = JSON.stringify(entry);
  if (!checkpoint.includes(text)) throw new Error("the checkpoint does not hold the entry's JSON text verbatim");
  const parts: Record<string, number> = {};
  const add = (part: string, bytes: number) => (parts[part] = (parts[part] ?? 0) + bytes);
  for (const [field, value] of Object.entries(entry)) {
    if ((field === "inputs" || field === "outputs") && typeof value === "object" && value !== null) {
      const { __provider: providerText, ...rest } = value as Record<string, unknown>;
      add("__provider (inputs + outputs)", fieldBytes("__provider", providerText));
      add(`${field} without __provider`, fieldBytes(field, rest));
    } else if (field === "created" || field === "modified") {
      add("timestamps", fieldBytes(field, value));
    } else if (field === "sourcePosition" || field === "stackTrace") {
      add("sourcePosition + stackTrace", fieldBytes(field, value));
    } else if (field === "type" || field === "custom") {
      add("type + custom", fieldBytes(field, value));
    } else {
      add(field === "provider" ? "provider reference" : field, fieldBytes(field, value));
    }
  }
  return { bytes: Buffer.byteLength(text), parts };
}

export async function benchStateSize(options: BenchOptions): Promise<BenchSection> {
  const count = options.quick ? 20 : 100;
  const emulator = await startEmulator({ rateLimit: 0 });
  const stack = await CliStack.create("state-size", emulator);
  try {
    await stack.expectSuccess(UP);
    const empty = {
      checkpoint: Buffer.byteLength(stack.stateFile()),
      exported: Buffer.byteLength(await stack.exported()),
    };
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = { resourcesPerKind: count, emptyStack: empty };
    for (const kind of KINDS) {
      stack.setResources(resourcesOfKind(kind, count));
      await stack.expectSuccess(UP);
      const checkpoint = stack.stateFile();
      const exported = Buffer.byteLength(await stack.exported());
      const perResource = (Buffer.byteLength(checkpoint) - empty.checkpoint) / count;
      const exportedPerResource = (exported - empty.exported) / count;
      const entries = (JSON.parse(checkpoint).checkpoint.latest.resources as StateEntry[]).filter((entry) =>
        entry.type.endsWith(`:${kind}`),
      );
      if (entries.length !== count) throw new Error(`${kind}: ${entries.length} entries in state, expected ${count}`);
      const breakdown = entryBreakdown(checkpoint, entries[0] as StateEntry);
      const parts = Object.entries(breakdown.parts)
        .sort((a, b) => b[1] - a[1])
        .map(([part, bytes]) => `${part} ${bytes}`)
        .join(", ");
      const scale = options.quick ? `quick run: N = ${count}; ` : "";
      rows.push(
        {
          metric: `${kind}: state bytes per resource (file-backend checkpoint)`,
          value: perResource,
          unit: "B",
          target: `≤ ${TARGET_BYTES.toLocaleString("en-US")} B`,
          met: perResource <= TARGET_BYTES,
          note:
            `${scale}(bytes with ${count} − bytes with none) ÷ ${count}; one entry is ${breakdown.bytes} B of ` +
            `minified JSON: ${parts} (each with its key and comma)`,
        },
        {
          metric: `${kind}: \`pulumi stack export\` bytes per resource`,
          value: exportedPerResource,
          unit: "B",
          note: `${scale}the same resources; the export is indented, which the checkpoint is not`,
        },
      );
      details[kind] = {
        checkpointBytes: Buffer.byteLength(checkpoint),
        exported,
        perResource,
        breakdown,
        entry: entries[0],
      };
    }
    await stack.expectSuccess(["destroy", "--yes", "--skip-preview"]);
    return { id: "state", title: "State size", rows, details };
  } finally {
    stack.dispose();
    await emulator.stop();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  printSection(benchStateSize({ quick: values.quick ?? false }));
}
