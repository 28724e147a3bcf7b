import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { ResourceOptions } from "../../scripts/chaos/ChaosCycle";
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

/**
 * Keys are `key`, settings are `value`; `fail` scripts the next failures of an operation on a key. `calls` lists
 * creates, updates, reads and deletes; `log` also checks (with the olds' key, or none) and diffs. With
 * `changesUnset`, diff leaves `changes` unset when something changed, as this package's providers do.
 */
class ScriptedProvider implements pulumi.dynamic.ResourceProvider {
  readonly calls: string[] = [];
  readonly log: string[] = [];
  readonly failures: Array<{ op: string; key: string; error: Error }> = [];

  constructor(private readonly changesUnset = false) {}

  fail(op: string, key: string, error: Error = new Error(`${op} ${key} failed`)): void {
    this.failures.push({ op, key, error });
  }

  private maybeFail(op: string, key: unknown): void {
    this.calls.push(`${op} ${String(key)}`);
    this.log.push(`${op} ${String(key)}`);
    const index = this.failures.findIndex((failure) => failure.op === op && failure.key === key);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }

  async check(olds: Inputs, news: Inputs) {
    this.log.push(`check ${String(news.key)} olds=${olds.key === undefined ? "none" : String(olds.key)}`);
    const { __provider: _provider, ...inputs } = news;
    return { inputs };
  }

  async diff(_id: string, olds: Inputs, news: Inputs) {
    this.log.push(`diff ${String(olds.key)}`);
    const replaces = olds.key === news.key ? [] : ["key"];
    const changes = replaces.length > 0 || olds.value !== news.value;
    return {
      changes: this.changesUnset && changes ? undefined : changes,
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

const stack = (resources: Record<string, Inputs>, opts: Record<string, ResourceOptions> = {}) =>
  Object.fromEntries(
    Object.entries(resources).map(([name, args]) => [
      name,
      { kind: "RelayGroupV3" as const, args, ...(opts[name] ? { opts: opts[name] } : {}) },
    ]),
  );

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

  it("keeps the old state when an update fails, and takes the error's properties (with the old inputs) when it carries an id", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }));

    provider.fail("update", "a");
    await engine.up(stack({ a: { key: "a", value: 2 } }));
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1, flags: [] }]);

    provider.fail("update", "a", new PartialFailure("a", { key: "a", value: 1.5 }));
    await engine.up(stack({ a: { key: "a", value: 2 } }));
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1.5, flags: ["initErrors"] }]);
    expect((await engine.recorded())[0]?.inputs.value).toBe(1);
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

  it("finds a renamed resource's state through its aliases: no create, no delete, and the state takes the new name", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }));
    provider.log.length = 0;

    expect((await engine.up(stack({ b: { key: "a", value: 1 } }, { b: { aliases: [{ name: "a" }] } }))).ok).toBe(true);

    expect(provider.log).toEqual(["check a olds=a", "diff a"]);
    expect(await summary(engine)).toEqual([{ name: "b", id: "a", value: 1, flags: [] }]);
  });

  it("creates a resource renamed without aliases, then deletes the old name at the end; a failed create deletes nothing", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }));
    provider.log.length = 0;
    provider.fail("create", "a");

    expect((await engine.up(stack({ b: { key: "a", value: 1 } }))).ok).toBe(false);
    expect(provider.log).toEqual(["check a olds=none", "create a"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1, flags: [] }]);

    provider.log.length = 0;
    expect((await engine.up(stack({ b: { key: "a", value: 1 } }))).ok).toBe(true);
    expect(provider.log).toEqual(["check a olds=none", "create a", "delete a"]);
    expect(await summary(engine)).toEqual([{ name: "b", id: "a", value: 1, flags: [] }]);
  });

  it("replaces a targeted resource (up --replace) without diff, checked without olds, creating first unless deleteBeforeReplace is set", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1, dbr: true } }));
    provider.log.length = 0;

    // The provider would ask for delete-before-replace, but diff is never asked.
    expect((await engine.up(stack({ a: { key: "a", value: 1, dbr: true } }), { replace: ["a"] })).ok).toBe(true);
    expect(provider.log).toEqual(["check a olds=none", "create a", "delete a"]);

    provider.log.length = 0;
    const deleteFirst = stack({ a: { key: "a", value: 1 } }, { a: { deleteBeforeReplace: true } });
    expect((await engine.up(deleteFirst, { replace: ["a"] })).ok).toBe(true);
    expect(provider.log).toEqual(["check a olds=none", "delete a", "create a"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 1, flags: [] }]);
  });

  it("lets the deleteBeforeReplace option override the provider's choice, both ways", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider, 1);
    await engine.up(stack({ a: { key: "a1", value: 1, dbr: true }, b: { key: "b1", value: 1 } }));
    provider.calls.length = 0;

    const options = { a: { deleteBeforeReplace: false }, b: { deleteBeforeReplace: true } };
    expect(
      (await engine.up(stack({ a: { key: "a2", value: 1, dbr: true }, b: { key: "b2", value: 1 } }, options))).ok,
    ).toBe(true);

    expect(provider.calls).toEqual(["create a2", "delete b1", "create b2", "delete a1"]);
  });

  it("lists the changed fields itself when diff leaves changes unset, so replaceOnChanges replaces (checking again without olds)", async () => {
    const provider = new ScriptedProvider(true);
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }, { a: { replaceOnChanges: ["value"] } }));
    provider.log.length = 0;

    expect((await engine.up(stack({ a: { key: "a", value: 2 } }, { a: { replaceOnChanges: ["value"] } }))).ok).toBe(
      true,
    );

    expect(provider.log).toEqual(["check a olds=a", "diff a", "check a olds=none", "create a", "delete a"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a", value: 2, flags: [] }]);
  });

  it("updates in place despite replaceOnChanges when diff says changes: true, which names no field", async () => {
    const provider = new ScriptedProvider(false);
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }, { a: { replaceOnChanges: ["value"] } }));
    provider.calls.length = 0;

    expect((await engine.up(stack({ a: { key: "a", value: 2 } }, { a: { replaceOnChanges: ["value"] } }))).ok).toBe(
      true,
    );

    expect(provider.calls).toEqual(["update a"]);
  });

  it("deletes the old halves of replacements first, then the resources no longer declared", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider, 1);
    await engine.up(stack({ gone: { key: "gone", value: 1 }, a: { key: "a1", value: 1 } }));
    provider.calls.length = 0;

    expect((await engine.up(stack({ a: { key: "a2", value: 1 } }))).ok).toBe(true);

    expect(provider.calls).toEqual(["create a2", "delete a1", "delete gone"]);
  });

  it("drops a resource pending replacement from state when its create-first replacement succeeds, and still deletes it at the end", async () => {
    const provider = new ScriptedProvider();
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a1", value: 1, dbr: true } }));
    provider.fail("create", "a2");
    expect((await engine.up(stack({ a: { key: "a2", value: 1, dbr: true } }))).ok).toBe(false);
    provider.calls.length = 0;
    provider.fail("delete", "a1");

    // No longer delete-before-replace: the engine creates, drops the old state, and deletes it last (GenerateDeletes).
    expect((await engine.up(stack({ a: { key: "a2", value: 1 } }))).ok).toBe(false);

    expect(provider.calls).toEqual(["create a2", "delete a1"]);
    expect(await summary(engine)).toEqual([{ name: "a", id: "a2", value: 1, flags: [] }]);
  });

  it("previews each declared resource's step with the changed fields, and changes nothing", async () => {
    const provider = new ScriptedProvider(true);
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 }, b: { key: "b", value: 1 }, gone: { key: "gone", value: 1 } }));
    provider.calls.length = 0;

    const preview = await engine.preview(
      stack({ a: { key: "a", value: 2 }, b: { key: "b", value: 1 }, c: { key: "c" } }),
    );

    expect(preview.steps).toEqual({
      a: { op: "update", fields: ["value"] },
      b: { op: "same", fields: [] },
      c: { op: "create", fields: [] },
      gone: { op: "delete", fields: [] },
    });
    expect(provider.calls).toEqual([]);
  });

  it("records the inputs a read returns on refresh, so the next diff shows what drifted", async () => {
    const provider = new ScriptedProvider(true);
    const engine = engineWith(provider);
    await engine.up(stack({ a: { key: "a", value: 1 } }));
    provider.read = async (id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> => {
      const drifted = { key: props.key, value: 7 };
      return { id, props: drifted, inputs: drifted };
    };

    expect((await engine.refresh()).ok).toBe(true);

    expect((await engine.preview(stack({ a: { key: "a", value: 1 } }))).steps).toEqual({
      a: { op: "update", fields: ["value"] },
    });
  });
});
