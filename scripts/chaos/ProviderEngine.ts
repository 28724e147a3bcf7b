import type * as pulumi from "@pulumi/pulumi";
import type { DesiredStack, ResourceKind, ResourceSpec } from "./ChaosCycle";
import type { ChaosDriver, CommandOutcome, RecordedResource } from "./ChaosDriver";
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

/**
 * Drives the dynamic providers in process the way the Pulumi engine (3.259) drives them through the provider host,
 * and records only what the engine would record:
 * - `up`: per declared resource, check(old inputs, args); no state → create; else diff(old outputs, checked inputs)
 *   → replace when it reports changes with replace keys (delete-before-create when it asks for it, else
 *   create-before-delete with the old one deleted at the end), update when it reports changes or the resource
 *   carries a partial failure, else keep the old outputs with the new inputs. Resources no longer declared, and
 *   old halves of replacements, are deleted after every create and update succeeded.
 * - A failed create records nothing, a failed update or delete leaves the old state, unless the error carries an
 *   `id`: then the host reports a partial failure and the engine records that id with the error's `properties`
 *   and flags it, so the next `up` updates it. A delete-before-replace whose delete succeeded leaves the old
 *   resource pending replacement until its create succeeds.
 * - `refresh`: read(id, outputs) for every resource; a blank id drops it, otherwise the outputs are replaced and
 *   any partial-failure flag cleared.
 * - `destroy`: delete every resource; a failed delete keeps it.
 * - Steps of independent resources run `parallel` at a time; the first failure cancels what has not started.
 */
export class ProviderEngine implements ChaosDriver {
  private state: Entry[] = [];

  constructor(
    private readonly startProcess: () => ProviderProcess,
    private readonly parallel = 8,
  ) {}

  up(desired: DesiredStack): Promise<CommandOutcome> {
    return this.command(async (process, pool) => {
      await pool.run(
        Object.entries(desired).map(
          ([name, spec]) =>
            () =>
              this.register(process, pool, name, spec),
        ),
      );
      if (pool.cancelled) return;
      const condemned = this.state.filter((entry) => entry.pendingDelete || !(entry.name in desired));
      await pool.run(condemned.map((entry) => () => this.deleteEntry(process, entry)));
    });
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

  private async register(process: ProviderProcess, pool: StepPool, name: string, spec: ResourceSpec): Promise<void> {
    const provider = process.provider(spec.kind);
    const old = this.state.find((entry) => entry.name === name && !entry.pendingDelete);
    const checked = await required(provider.check, "check").call(
      provider,
      struct(old?.inputs ?? {}),
      withProvider(struct(spec.args)),
    );
    if (checked.failures !== undefined && checked.failures.length > 0) {
      throw new Error(`check of ${name} failed: ${JSON.stringify(checked.failures)}`);
    }
    const news = withProvider(struct(checked.inputs ?? {}));
    if (old === undefined) {
      await this.create(provider, name, spec.kind, news, undefined);
      return;
    }
    if (old.kind !== spec.kind) throw new Error(`${name} changed kind: the generator never does that`);
    const diff = await required(provider.diff, "diff").call(provider, old.id, struct(old.outputs), struct(news));
    if (diff.changes === undefined) throw new Error(`diff of ${name} left changes unset`);
    const replace = old.pendingReplacement || (diff.changes && (diff.replaces?.length ?? 0) > 0);
    if (replace) {
      if (diff.deleteBeforeReplace === true || old.pendingReplacement) {
        if (!old.pendingReplacement) {
          await required(provider.delete, "delete").call(provider, old.id, struct(old.outputs));
          old.pendingReplacement = true;
        }
        if (pool.cancelled) return;
      }
      await this.create(provider, name, spec.kind, news, old);
      return;
    }
    if (diff.changes || old.initErrors) {
      await this.update(provider, old, news);
      return;
    }
    old.inputs = news;
  }

  private async create(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    kind: ResourceKind,
    news: Record<string, unknown>,
    replacing: Entry | undefined,
  ): Promise<void> {
    const record = (id: string, outputs: Record<string, unknown>, initErrors: boolean) => {
      if (replacing?.pendingReplacement) this.state = this.state.filter((entry) => entry !== replacing);
      else if (replacing !== undefined) replacing.pendingDelete = true;
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
      old.outputs = withProvider(struct(result.outs ?? {}));
      old.inputs = news;
      old.initErrors = false;
    } catch (error) {
      const partial = partialFailureOf(error);
      if (partial !== undefined) {
        old.outputs = withProvider(partial.properties);
        old.inputs = news;
        old.initErrors = true;
      }
      throw error;
    }
  }

  private async deleteEntry(process: ProviderProcess, entry: Entry): Promise<void> {
    if (!entry.pendingReplacement) {
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
