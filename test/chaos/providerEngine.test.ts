import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../scripts/chaos/ChaosCycle";
import { ProviderEngine } from "../../scripts/chaos/ProviderEngine";

/**
 * The chaos runner's model of the Pulumi engine records what the real engine (3.259) records, so its invariants
 * judge the providers against what a user's stack would hold. A scripted provider stands in for ours.
 */

type Inputs = Record<string, unknown>;

class PartialFailure extends Error {
  constructor(
    readonly id: string,
    readonly properties: Inputs,
  ) {
    super(`partial failure of ${id}`);
  }
}

/** Keys are `key`, settings are `value`; `fail` scripts the next failures of an operation on a key. */
class ScriptedProvider implements pulumi.dynamic.ResourceProvider {
  readonly calls: string[] = [];
  readonly failures: Array<{ op: string; key: string; error: Error }> = [];

  fail(op: string, key: string, error: Error = new Error(`${op} ${key} failed`)): void {
    this.failures.push({ op, key, error });
  }

  private maybeFail(op: string, key: unknown): void {
    this.calls.push(`${op} ${String(key)}`);
    const index = this.failures.findIndex((failure) => failure.op === op && failure.key === key);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }

  async check(_olds: Inputs, news: Inputs) {
    const { __provider: _provider, ...inputs } = news;
    return { inputs };
  }

  async diff(_id: string, olds: Inputs, news: Inputs) {
    const replaces = olds.key === news.key ? [] : ["key"];
    return {
      changes: replaces.length > 0 || olds.value !== news.value,
      replaces,
      deleteBeforeReplace: news.dbr === true,
    };
  }

  async create(inputs: Inputs) {
    this.maybeFail("create", inputs.key);
    return { id: String(inputs.key), outs: { key: inputs.key, value: inputs.value } };
  }

  async update(_id: string, _olds: Inputs, news: Inputs) {
    this.maybeFail("update", news.key);
    return { outs: { key: news.key, value: news.value } };
  }

  async read(id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
    this.maybeFail("read", props.key);
    return { id, props };
  }

  async delete(_id: string, props: Inputs) {
    this.maybeFail("delete", props.key);
  }
}

function engineWith(provider: ScriptedProvider, parallel = 8): ProviderEngine {
  return new ProviderEngine(() => ({ provider: (_kind: ResourceKind) => provider, close: async () => {} }), parallel);
}

const stack = (resources: Record<string, Inputs>) =>
  Object.fromEntries(Object.entries(resources).map(([name, args]) => [name, { kind: "RelayGroupV3" as const, args }]));

async function summary(engine: ProviderEngine) {
  return (await engine.recorded()).map((entry) => ({
    name: entry.name,
    id: entry.id,
    value: entry.outputs.value,
    flags: [
      entry.initErrors ? "initErrors" : "",
      entry.pendingReplacement ? "pendingReplacement" : "",
      entry.pendingDelete ? "pendingDelete" : "",
    ].filter(Boolean),
  }));
}

describe("ProviderEngine (the chaos runner's model of the Pulumi engine)", () => {
  it("records nothing for a failed create", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    provider.fail("create", "a");

    const outcome = await engine.up(stack({ a: { key: "a", value: 1 } }));

    expect(outcome.ok).toBe(false);
    expect(await summary(engine)).toEqual([]);
  });

  it("records an error carrying an id with its properties, and updates it on the next up though nothing changed", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    provider.fail("create", "a", new PartialFailure("a", { key: "a", value: 0 }));

    expect((await engine.up(stack({ a: { key: "a", value: 1 } }))).ok).toBe(false);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 0, flags: ["initErrors"] }]);

    provider.calls.length = 0;
    expect((await engine.up(stack({ a: { key: "a", value: 0 } }))).ok).toBe(true);
    expect(provider.calls).toEqual(["update a"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 0, flags: [] }]);
  });

  it("keeps the old state when an update fails, and takes the error's properties when it carries an id", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }));

    provider.fail("update", "a");
    await engine.up(stack({ a: { key: "a", value: 2 } }));
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1, flags: [] }]);

    provider.fail("update", "a", new PartialFailure("a", { key: "a", value: 1.5 }));
    await engine.up(stack({ a: { key: "a", value: 2 } }));
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1.5, flags: ["initErrors"] }]);
  });

  it("replaces create-before-delete by default, deleting the old one only after every create and update", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider, 1);
    await engine.up(stack({ a: { key: "a1", value: 1 }, b: { key: "b", value: 1 } }));
    provider.calls.length = 0;

    await engine.up(stack({ a: { key: "a2", value: 1 }, b: { key: "b", value: 2 } }));

    expect(provider.calls).toEqual(["create a2", "update b", "delete a1"]);
  });

  it("keeps the old half of a create-before-delete pending deletion when its delete fails, and deletes it next time", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a1", value: 1 } }));
    provider.fail("delete", "a1");

    expect((await engine.up(stack({ a: { key: "a2", value: 1 } }))).ok).toBe(false);
    expect(await summary(engine)).toEqual([
      { name: "a", id: "a1", value: 1, flags: ["pendingDelete"] },
      { name: "a", id: "a2", value: 1, flags: [] },
    ]);

    provider.calls.length = 0;
    expect((await engine.up(stack({ a: { key: "a2", value: 1 } }))).ok).toBe(true);
    expect(provider.calls).toEqual(["delete a1"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a2", value: 1, flags: [] }]);
  });

  it("deletes first when diff asks for delete-before-replace; a failed create leaves the old one pending replacement", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a1", value: 1, dbr: true } }));
    provider.fail("create", "a2");
    provider.calls.length = 0;

    expect((await engine.up(stack({ a: { key: "a2", value: 1, dbr: true } }))).ok).toBe(false);
    expect(provider.calls).toEqual(["delete a1", "create a2"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a1", value: 1, flags: ["pendingReplacement"] }]);

    // Refresh does not read a resource that is already deleted; the next up creates without deleting again.
    provider.calls.length = 0;
    expect((await engine.refresh()).ok).toBe(true);
    expect((await engine.up(stack({ a: { key: "a2", value: 1, dbr: true } }))).ok).toBe(true);
    expect(provider.calls).toEqual(["create a2"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a2", value: 1, flags: [] }]);
  });

  it("starts no step after a failure and runs no delete of resources no longer declared", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider, 1);
    await engine.up(stack({ gone: { key: "gone", value: 1 } }));
    provider.fail("create", "a");
    provider.calls.length = 0;

    expect((await engine.up(stack({ a: { key: "a", value: 1 }, b: { key: "b", value: 1 } }))).ok).toBe(false);

    expect(provider.calls).toEqual(["create a"]);
    expect((await summary(engine)).map((entry) => entry.name)).toEqual(["gone"]);
  });

  it("drops a resource whose read returns a blank id on refresh, and clears a partial failure on one that reads", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    provider.fail("create", "a", new PartialFailure("a", { key: "a", value: 0 }));
    await engine.up(stack({ a: { key: "a", value: 1 }, b: { key: "b", value: 1 } }));
    provider.read = async (id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> =>
      props.key === "b" ? { id: "" } : { id, props };

    expect((await engine.refresh()).ok).toBe(true);

    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 0, flags: [] }]);
  });
});
