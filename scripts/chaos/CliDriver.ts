import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { E2eStack, type ResourceSpecs } from "../lib/E2eStack";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { DesiredStack } from "./ChaosCycle";
import type {
  ChaosDriver,
  CommandOutcome,
  PlannedStep,
  PreviewOutcome,
  RecordedResource,
  Recovery,
  UpOptions,
} from "./ChaosDriver";
import { resourceIdOf } from "./resourceIdOf";

const TYPE_PREFIX = "pulumi-nodejs:dynamic/volcengine-live:";
/** Pulumi's marker for a secret value in `stack export`; with --show-secrets the value is JSON in `plaintext`. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
/** The steps of a replacement in `preview --json`. */
const REPLACEMENT_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);
/** How often a killable command checks whether its kill is due. */
const KILL_POLL_MS = 5;

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

interface ExportedDeployment {
  resources?: ExportedResource[];
  pending_operations?: { type: string; resource: ExportedResource }[];
}

/** `pulumi preview --json`: one entry per step, with the changed top-level fields in `diffReasons`. */
interface JsonPreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
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

  up(desired: DesiredStack, options: UpOptions = {}): Promise<CommandOutcome> {
    this.stack.setResources(desired as ResourceSpecs);
    const replace = (options.replace ?? []).flatMap((name) => {
      const spec = desired[name];
      if (spec === undefined) throw new Error(`--replace ${name}: the program declares no such resource`);
      return ["--replace", this.urnOf(spec.kind, name)];
    });
    return this.command(["up", "--yes", "--skip-preview", ...replace]);
  }

  async preview(desired: DesiredStack): Promise<PreviewOutcome> {
    this.stack.setResources(desired as ResourceSpecs);
    const result = await this.stack.run(["preview", "--diff", "--json"]);
    if (result.code !== 0) return { ...failure(result.output, result.code), steps: {} };
    const plan = JSON.parse(result.stdout) as { steps?: JsonPreviewStep[] };
    const steps: Record<string, { op: PlannedStep["op"]; fields: Set<string> }> = {};
    for (const step of plan.steps ?? []) {
      if (!step.urn.includes(`::${TYPE_PREFIX}`)) continue;
      const op = REPLACEMENT_OPS.has(step.op) ? "replace" : step.op;
      if (op !== "create" && op !== "update" && op !== "replace" && op !== "same" && op !== "delete") continue;
      // A replacement shows as several steps (delete, replace, create): together they are one.
      const entry = (steps[nameOf(step.urn)] ??= { op, fields: new Set() });
      if (op === "replace") entry.op = op;
      for (const field of step.diffReasons ?? []) entry.fields.add(field);
    }
    return {
      ok: true,
      errors: [],
      steps: Object.fromEntries(
        Object.entries(steps).map(([name, { op, fields }]) => [name, { op, fields: [...fields].sort() }]),
      ),
    };
  }

  refresh(): Promise<CommandOutcome> {
    return this.command(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<CommandOutcome> {
    return this.command(["destroy", "--yes", "--skip-preview"]);
  }

  async killed(command: "up" | "destroy", desired: DesiredStack, due: () => boolean): Promise<{ killed: boolean }> {
    if (command === "up") this.stack.setResources(desired as ResourceSpecs);
    const running = this.stack.start([command, "--yes", "--skip-preview"]);
    let ended = false;
    void running.done.then(() => (ended = true));
    while (!ended && !due()) await new Promise((resolve) => setTimeout(resolve, KILL_POLL_MS));
    if (ended) return { killed: false };
    running.kill();
    await running.done;
    return { killed: true };
  }

  /**
   * What a user runs after `pulumi up` or `destroy` was killed. `pulumi cancel` releases the lock the killed
   * process left in the file backend. A create it left pending may have made its configuration: the pending
   * operation is turned into a resource of the state under the ID the create would have returned (this package's
   * IDs are the keys), replacing the old half of a replacement in flight as the engine would have (a pending
   * replacement goes, any other is marked for deletion), through `stack export` and `stack import`.
   * (`refresh --import-pending-creates <urn> <id>` only rewrites the operation, which the engine then drops.)
   * `pulumi refresh` then reads every resource: one whose configuration was never made is dropped, and the other
   * pending operations are cleared.
   */
  async recover(): Promise<CommandOutcome & Recovery> {
    const cancel = await this.stack.run(["cancel", "--yes"]);
    if (cancel.code !== 0) return { ...failure(cancel.output, cancel.code), pending: [], recordedCreates: 0 };
    const exported = JSON.parse((await this.stack.expectSuccess(["stack", "export"])).stdout);
    const deployment: ExportedDeployment = exported.deployment ?? {};
    const operations = deployment.pending_operations ?? [];
    const pending = operations.map((operation) => `${operation.type} ${nameOf(operation.resource.urn)}`);
    const creates = operations.filter((operation) => operation.type === "creating");
    if (creates.length > 0) {
      let resources = deployment.resources ?? [];
      for (const { resource } of creates) {
        const old = resources.find((candidate) => candidate.urn === resource.urn && candidate.delete !== true);
        if (old?.pendingReplacement === true) resources = resources.filter((candidate) => candidate !== old);
        else if (old !== undefined) old.delete = true;
        const id = resourceIdOf(kindOf(resource.type), resource.inputs ?? {});
        resources.push({ ...resource, id, outputs: resource.inputs ?? {} });
      }
      deployment.resources = resources;
      deployment.pending_operations = operations.filter((operation) => operation.type !== "creating");
      const file = path.join(this.stack.directory, "recovered-state.json");
      fs.writeFileSync(file, JSON.stringify(exported));
      const imported = await this.stack.run(["stack", "import", "--file", file]);
      fs.rmSync(file, { force: true });
      if (imported.code !== 0) return { ...failure(imported.output, imported.code), pending, recordedCreates: 0 };
    }
    const outcome = await this.command(["refresh", "--yes", "--skip-preview"]);
    return { ...outcome, pending, recordedCreates: creates.length };
  }

  async recorded(): Promise<RecordedResource[]> {
    return (
      (await this.exported()).resources
        ?.filter((resource) => resource.type.startsWith(TYPE_PREFIX))
        .map((resource) => ({
          name: nameOf(resource.urn),
          kind: kindOf(resource.type),
          id: resource.id ?? "",
          inputs: revealed(resource.inputs ?? {}) as Record<string, unknown>,
          outputs: revealed(resource.outputs ?? {}) as Record<string, unknown>,
          initErrors: (resource.initErrors?.length ?? 0) > 0,
          pendingReplacement: resource.pendingReplacement === true,
          pendingDelete: resource.delete === true,
        })) ?? []
    );
  }

  async close(): Promise<void> {
    this.stack.dispose();
  }

  private async exported(): Promise<ExportedDeployment> {
    const exported = JSON.parse((await this.stack.expectSuccess(["stack", "export", "--show-secrets"])).stdout);
    return exported.deployment ?? {};
  }

  private urnOf(kind: ResourceKind, name: string): string {
    return `urn:pulumi:e2e::${this.stack.project}::${TYPE_PREFIX}${kind}::${name}`;
  }

  private async command(args: string[]): Promise<CommandOutcome> {
    const result = await this.stack.run(args);
    return result.code === 0 ? { ok: true, errors: [] } : failure(result.output, result.code);
  }
}

function failure(output: string, code: number | null): CommandOutcome {
  const errors = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /error|failed/i.test(line));
  return { ok: false, errors: errors.length > 0 ? errors.slice(0, 10) : [`pulumi exited with ${code}`] };
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function kindOf(type: string): ResourceKind {
  return type.slice(TYPE_PREFIX.length) as ResourceKind;
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
