import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { DesiredStack, ResourceSpec } from "./ChaosCycle";
import type {
  ChaosDriver,
  CommandOutcome,
  PlannedStep,
  PreviewOutcome,
  RecordedResource,
  UpOptions,
} from "./ChaosDriver";
import { engineDiff } from "./engineDiff";
import { StepPool } from "./StepPool";

/** One provider process: a command starts one and ends it, so nothing in memory outlives a command. */
export interface ProviderProcess {
  provider(kind: ResourceKind): pulumi.dynamic.ResourceProvider;
  close(): Promise<void>;
}

type Entry = { -readonly [K in keyof RecordedResource]: RecordedResource[K] };

/** The host adds the serialized provider to every input and output; providers must ignore it. */
const PROVIDER_KEY = "__provider";
const PROVIDER_TEXT = "exports.handler = __chaosProvider;";

/** How the engine decided to handle a declared resource that has state, and the fields it shows as changed. */
interface Decision {
  readonly step: "same" | "update" | "replace";
  readonly news: Record<string, unknown>;
  readonly fields: string[];
  /** For a replace: delete the old one first. */
  readonly deleteBeforeReplace: boolean;
}

/**
 * Drives the dynamic providers in process the way the Pulumi engine (3.259, resource/deploy/step_generator.go)
 * drives them through the provider host, and records only what the engine would record:
 * - `up`: per declared resource, its old state is found by name, else by one of its `aliases` (it then takes the
 *   new name; the aliased state is never deleted). No old state → check(no olds, args) → create. A targeted
 *   replace (`--replace`) → check(no olds, args), no diff, replace. Else check(old inputs, args) → diff(old
 *   outputs, checked inputs); `changes` unset makes the engine diff old and new inputs itself, and
 *   `replaceOnChanges` turns those changed fields into replace keys. Replace when it changed with replace keys, or
 *   when the old one is pending replacement; a replace checks again without olds. The `deleteBeforeReplace`
 *   option overrides the provider's choice: delete-before-create, else create-before-delete with the old one
 *   deleted at the end. Update when it changed or carries a partial failure, else keep the old outputs with the
 *   new inputs. After every create and update succeeded: old halves of replacements are deleted (through the
 *   provider, even one already pending replacement), then resources no longer declared (one pending replacement
 *   is only dropped from state). So a resource renamed without aliases is a create of the new name, then a
 *   delete of the old name at the end.
 * - A failed create records nothing, a failed update or delete leaves the old state, unless the error carries an
 *   `id`: then the host reports a partial failure and the engine records that id with the error's `properties`
 *   and flags it, so the next `up` updates it. A delete-before-replace whose delete succeeded leaves the old
 *   resource pending replacement until its create succeeds.
 * - `preview`: the same checks and diffs in a process of its own, nothing created, updated or deleted.
 * - `refresh`: read(id, outputs) for every resource; a blank id drops it, otherwise the outputs (and the inputs,
 *   when read returns them) are replaced and any partial-failure flag cleared.
 * - `destroy`: delete every resource; a failed delete keeps it.
 * - Steps of independent resources run `parallel` at a time; the first failure cancels what has not started.
 */
export class ProviderEngine implements ChaosDriver {
  private state: Entry[] = [];
  /**
   * Old halves of create-before-delete replacements that were pending replacement: the snapshot drops them when
   * the create succeeds, yet the engine, which marked them for deletion, still deletes them at the end.
   */
  private dropped: Entry[] = [];

  constructor(
    private readonly startProcess: () => ProviderProcess,
    private readonly parallel = 8,
  ) {}

  up(desired: DesiredStack, options: UpOptions = {}): Promise<CommandOutcome> {
    const targeted = new Set(options.replace ?? []);
    this.dropped = [];
    return this.command(async (process, pool) => {
      await pool.run(
        Object.entries(desired).map(
          ([name, spec]) =>
            () =>
              this.register(process, pool, name, spec, targeted.has(name)),
        ),
      );
      if (pool.cancelled) return;
      const replaced = [...this.dropped, ...this.state.filter((entry) => entry.pendingDelete)];
      const undeclared = this.state.filter((entry) => !entry.pendingDelete && !(entry.name in desired));
      await pool.run([...replaced, ...undeclared].map((entry) => () => this.deleteEntry(process, entry)));
    });
  }

  async preview(desired: DesiredStack): Promise<PreviewOutcome> {
    const steps: Record<string, PlannedStep> = {};
    const outcome = await this.command(async (process, pool) => {
      const seen = new Set<Entry>();
      await pool.run(
        Object.entries(desired).map(([name, spec]) => async () => {
          const provider = process.provider(spec.kind);
          const old = this.oldOf(name, spec);
          if (old === undefined) {
            await this.check(provider, name, {}, spec);
            steps[name] = { op: "create", fields: [] };
            return;
          }
          seen.add(old);
          const decision = await this.decide(provider, name, spec, old, false);
          steps[name] = { op: decision.step, fields: decision.fields };
        }),
      );
      for (const entry of this.state) {
        if (!seen.has(entry) && !entry.pendingReplacement) steps[entry.name] ??= { op: "delete", fields: [] };
      }
    });
    return { ...outcome, steps };
  }

  refresh(): Promise<CommandOutcome> {
    return this.command(async (process, pool) => {
      // A resource pending replacement is already deleted: the engine does not read it.
      const readable = this.state.filter((entry) => !entry.pendingReplacement);
      await pool.run(
        readable.map((entry) => async () => {
          const provider = process.provider(entry.kind);
          const result = await required(provider.read, "read").call(provider, entry.id, struct(entry.outputs));
          if (!result.id) {
            this.state = this.state.filter((candidate) => candidate !== entry);
            return;
          }
          entry.id = result.id;
          entry.outputs = withProvider(struct(result.props ?? {}));
          if (result.inputs !== undefined) entry.inputs = withProvider(struct(result.inputs));
          entry.initErrors = false;
        }),
      );
    });
  }

  destroy(): Promise<CommandOutcome> {
    return this.command(async (process, pool) => {
      await pool.run([...this.state].map((entry) => () => this.deleteEntry(process, entry)));
    });
  }

  async recorded(): Promise<RecordedResource[]> {
    return structuredClone(this.state);
  }

  async close(): Promise<void> {}

  private async command(body: (process: ProviderProcess, pool: StepPool) => Promise<void>): Promise<CommandOutcome> {
    const process = this.startProcess();
    const pool = new StepPool(this.parallel);
    try {
      await body(process, pool);
    } finally {
      await process.close();
    }
    return pool.outcome();
  }

  /** The old state of a declared resource: under its name first, then under each alias (getOldResource). */
  private oldOf(name: string, spec: ResourceSpec): Entry | undefined {
    const live = (candidate: string) => this.state.find((entry) => entry.name === candidate && !entry.pendingDelete);
    for (const candidate of [name, ...(spec.opts?.aliases ?? []).map((alias) => alias.name)]) {
      const found = live(candidate);
      if (found !== undefined) {
        if (found.kind !== spec.kind) throw new Error(`${name} changed kind: the generator never does that`);
        return found;
      }
    }
    return undefined;
  }

  private async register(
    process: ProviderProcess,
    pool: StepPool,
    name: string,
    spec: ResourceSpec,
    targeted: boolean,
  ): Promise<void> {
    const provider = process.provider(spec.kind);
    const old = this.oldOf(name, spec);
    if (old === undefined) {
      const news = await this.check(provider, name, {}, spec);
      await this.create(provider, name, spec.kind, news, undefined);
      return;
    }
    const decision = await this.decide(provider, name, spec, old, targeted);
    if (decision.step === "same") {
      old.name = name;
      old.inputs = decision.news;
      return;
    }
    if (decision.step === "update") {
      await this.update(provider, name, old, decision.news);
      return;
    }
    if (decision.deleteBeforeReplace) {
      if (!old.pendingReplacement) {
        await required(provider.delete, "delete").call(provider, old.id, struct(old.outputs));
        old.pendingReplacement = true;
      }
      if (pool.cancelled) return;
      await this.create(provider, name, spec.kind, decision.news, { old, deleteFirst: true });
      return;
    }
    await this.create(provider, name, spec.kind, decision.news, { old, deleteFirst: false });
  }

  /** check and diff as continueStepsFromImport and continueStepsFromDiff run them, deciding the step. */
  private async decide(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    spec: ResourceSpec,
    old: Entry,
    targeted: boolean,
  ): Promise<Decision> {
    if (targeted) {
      // A targeted replace ignores the old state: check without olds, no diff, the replacement blamed on `id`.
      const news = await this.check(provider, name, {}, spec);
      return { step: "replace", news, fields: [], deleteBeforeReplace: spec.opts?.deleteBeforeReplace ?? false };
    }
    const news = await this.check(provider, name, old.inputs, spec);
    const result = await required(provider.diff, "diff").call(provider, old.id, struct(old.outputs), struct(news));
    const diff = engineDiff(result, old.inputs, news, spec.opts?.replaceOnChanges);
    const fields = diff.changedKeys.filter((key) => key !== PROVIDER_KEY);
    if ((diff.changes && diff.replaceKeys.length > 0) || old.pendingReplacement) {
      // A replacement recomputes the inputs as for a new resource: a second check, without olds.
      const fresh = await this.check(provider, name, {}, spec);
      const deleteBeforeReplace = spec.opts?.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      return { step: "replace", news: fresh, fields, deleteBeforeReplace };
    }
    return { step: diff.changes || old.initErrors ? "update" : "same", news, fields, deleteBeforeReplace: false };
  }

  private async check(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    olds: Record<string, unknown>,
    spec: ResourceSpec,
  ): Promise<Record<string, unknown>> {
    const checked = await required(provider.check, "check").call(
      provider,
      struct(olds),
      withProvider(struct(spec.args)),
    );
    if (checked.failures !== undefined && checked.failures.length > 0) {
      throw new Error(`check of ${name} failed: ${JSON.stringify(checked.failures)}`);
    }
    return withProvider(struct(checked.inputs ?? {}));
  }

  /**
   * A create, or the create half of a replacement, recorded on success and on a partial failure. The old state of
   * a replacement goes when it was pending replacement (the snapshot flushes it), and a create-first one still
   * has it deleted at the end (CreateStep.Apply marked it); any other old half of a create-first replacement stays
   * marked for deletion at the end.
   */
  private async create(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    kind: ResourceKind,
    news: Record<string, unknown>,
    replacing: { old: Entry; deleteFirst: boolean } | undefined,
  ): Promise<void> {
    const record = (id: string, outputs: Record<string, unknown>, initErrors: boolean) => {
      if (replacing !== undefined) {
        const { old, deleteFirst } = replacing;
        if (old.pendingReplacement) this.state = this.state.filter((entry) => entry !== old);
        if (!deleteFirst) {
          old.pendingDelete = true;
          if (old.pendingReplacement) this.dropped.push(old);
        }
      }
      this.state.push({
        name,
        kind,
        id,
        inputs: news,
        outputs,
        initErrors,
        pendingReplacement: false,
        pendingDelete: false,
      });
    };
    try {
      const result = await provider.create(struct(news));
      if (!result.id) throw new Error(`create of ${name} returned an empty id`);
      record(result.id, withProvider(struct(result.outs ?? {})), false);
    } catch (error) {
      const partial = partialFailureOf(error);
      if (partial !== undefined) record(partial.id, withProvider(partial.properties), true);
      throw error;
    }
  }

  private async update(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    old: Entry,
    news: Record<string, unknown>,
  ): Promise<void> {
    try {
      const result = await required(provider.update, "update").call(
        provider,
        old.id,
        struct(old.outputs),
        struct(news),
      );
      old.name = name;
      old.outputs = withProvider(struct(result.outs ?? {}));
      old.inputs = news;
      old.initErrors = false;
    } catch (error) {
      const partial = partialFailureOf(error);
      if (partial !== undefined) {
        // A partially failed update keeps the old inputs with the new outputs (OnResourceStepPost).
        old.name = name;
        old.outputs = withProvider(partial.properties);
        old.initErrors = true;
      }
      throw error;
    }
  }

  /**
   * GenerateDeletes: an old half of a replacement is deleted through the provider (DeleteReplacementStep), as is a
   * resource no longer declared, unless it is pending replacement: that one is only dropped from state
   * (RemovePendingReplaceStep). A failed delete leaves the state as it was.
   */
  private async deleteEntry(process: ProviderProcess, entry: Entry): Promise<void> {
    if (entry.pendingDelete || !entry.pendingReplacement) {
      const provider = process.provider(entry.kind);
      await required(provider.delete, "delete").call(provider, entry.id, struct(entry.outputs));
    }
    this.state = this.state.filter((candidate) => candidate !== entry);
  }
}

/** What the host sends for an error that carries an id: ErrorResourceInitFailed with the error's properties. */
function partialFailureOf(error: unknown): { id: string; properties: Record<string, unknown> } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { id, properties } = error as { id?: unknown; properties?: unknown };
  if (typeof id !== "string" || id === "") return undefined;
  return { id, properties: struct((properties as Record<string, unknown> | undefined) ?? {}) };
}

function required<T>(method: T | undefined, name: string): T {
  if (method === undefined) throw new Error(`the provider has no ${name}`);
  return method;
}

function withProvider(values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, [PROVIDER_KEY]: PROVIDER_TEXT };
}

/**
 * A copy as a protobuf Struct carries it between the engine and the host: plain JSON. `undefined`, functions and
 * other non-JSON values make the real host fail ("Unexpected struct type"), so they fail here too.
 */
function struct(value: Record<string, unknown>): Record<string, unknown> {
  const check = (item: unknown, path: string): void => {
    if (item === undefined || typeof item === "function" || typeof item === "bigint" || typeof item === "symbol") {
      throw new Error(`${path} is ${typeof item}, which a protobuf Struct cannot carry`);
    }
    if (Array.isArray(item)) item.forEach((element, index) => check(element, `${path}[${index}]`));
    else if (typeof item === "object" && item !== null) {
      // A plain object's prototype is Object.prototype (of whichever realm made it), whose own prototype is null.
      const prototype = Object.getPrototypeOf(item);
      if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
        throw new Error(`${path} is not a plain object`);
      }
      for (const [key, element] of Object.entries(item)) check(element, `${path}.${key}`);
    }
  };
  check(value, "value");
  return JSON.parse(JSON.stringify(value));
}
