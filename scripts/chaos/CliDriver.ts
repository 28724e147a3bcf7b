import type { RunningEmulator } from "../../emulator";
import { E2eStack } from "../../test/e2e/support/E2eStack";
import type { DesiredStack, ResourceKind } from "./ChaosCycle";
import type { ChaosDriver, CommandOutcome, RecordedResource } from "./ChaosDriver";

const TYPE_PREFIX = "pulumi-nodejs:dynamic/volcengine-live:";
/** Pulumi's marker for a secret value in `stack export`; with --show-secrets the value is JSON in `plaintext`. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  pendingReplacement?: boolean;
  delete?: boolean;
}

/**
 * Runs a cycle's commands with the real Pulumi CLI on an end-to-end stack (the program declares what
 * resources.json lists), and reads what the engine recorded from `pulumi stack export`.
 */
export class CliDriver implements ChaosDriver {
  private constructor(private readonly stack: E2eStack) {}

  static async create(name: string, emulator: RunningEmulator): Promise<CliDriver> {
    return new CliDriver(await E2eStack.create(name, emulator));
  }

  up(desired: DesiredStack): Promise<CommandOutcome> {
    this.stack.setResources(desired);
    return this.command(["up", "--yes", "--skip-preview"]);
  }

  refresh(): Promise<CommandOutcome> {
    return this.command(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<CommandOutcome> {
    return this.command(["destroy", "--yes", "--skip-preview"]);
  }

  async recorded(): Promise<RecordedResource[]> {
    const exported = JSON.parse((await this.stack.expectSuccess(["stack", "export", "--show-secrets"])).stdout);
    const resources: ExportedResource[] = exported.deployment?.resources ?? [];
    return resources
      .filter((resource) => resource.type.startsWith(TYPE_PREFIX))
      .map((resource) => ({
        name: resource.urn.slice(resource.urn.lastIndexOf("::") + 2),
        kind: resource.type.slice(TYPE_PREFIX.length) as ResourceKind,
        id: resource.id ?? "",
        inputs: revealed(resource.inputs ?? {}) as Record<string, unknown>,
        outputs: revealed(resource.outputs ?? {}) as Record<string, unknown>,
        initErrors: (resource.initErrors?.length ?? 0) > 0,
        pendingReplacement: resource.pendingReplacement === true,
        pendingDelete: resource.delete === true,
      }));
  }

  async close(): Promise<void> {
    this.stack.dispose();
  }

  private async command(args: string[]): Promise<CommandOutcome> {
    const result = await this.stack.run(args);
    if (result.code === 0) return { ok: true, errors: [] };
    const errors = result.output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /error|failed/i.test(line));
    return { ok: false, errors: errors.length > 0 ? errors.slice(0, 10) : [`pulumi exited with ${result.code}`] };
  }
}

/** Secret values as their plaintext, so recorded outputs compare with the service's settings. */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIGNATURE] !== undefined && typeof record.plaintext === "string") {
      return revealed(JSON.parse(record.plaintext));
    }
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, revealed(item)]));
  }
  return value;
}
