import { startEmulator, type RunningEmulator } from "../../emulator";
import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import { E2eStack, type ResourceSpecs, urnOf } from "../../scripts/lib/E2eStack";

/**
 * The engine's replacement vocabulary under the real CLI — rename with and without aliases, `up --replace`,
 * key changes onto free and taken keys, `replaceOnChanges`, `deleteBeforeReplace` both ways, refresh then
 * `preview --diff` — for all three kinds. Every command either leaves the service exactly as declared, or fails
 * before any destructive call with a message that says what to do. No configuration is ever lost.
 */

type Spec = ResourceSpecs[string];

/** One configuration of each kind, under hosts named after the test so tests never share a key. */
function trio(tag: string, names = { group: "group", relay: "relay", hook: "hook" }): Record<string, Spec> {
  return {
    [names.group]: {
      kind: "RelayGroupV3",
      args: {
        vhost: vhostOf(tag),
        app: "live",
        group: "main",
        servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
      },
    },
    [names.relay]: {
      kind: "FixedRelayV4",
      args: { domain: domainOf(tag), app: "live", stream: "s1", sourceUrls: ["rtmp://studio.example.com/live/s1"] },
    },
    [names.hook]: {
      kind: "LiveCallback",
      args: {
        vhost: vhostOf(tag),
        app: "live",
        messageType: "push",
        callbacks: [{ url: "https://hooks.example.com/push" }],
      },
    },
  };
}

const vhostOf = (tag: string) => `push.${tag}.example.com`;
const domainOf = (tag: string) => `play.${tag}.example.com`;

/** The same specs with more args or options on each. */
function each(
  specs: Record<string, Spec>,
  change: (spec: Spec, name: string) => Partial<Spec> & { args?: Record<string, unknown> },
): Record<string, Spec> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => {
      const changed = change(spec, name);
      return [name, { ...spec, ...changed, args: { ...spec.args, ...(changed.args ?? {}) } }];
    }),
  );
}

/** The same specs with each resource's updatable setting changed. */
function withNewSettings(specs: Record<string, Spec>): Record<string, Spec> {
  return each(specs, (spec) => ({
    args:
      spec.kind === "RelayGroupV3"
        ? { servers: [{ protocol: "flv", domain: "origin2.example.com" }] }
        : spec.kind === "FixedRelayV4"
          ? { sourceUrls: ["rtmp://studio2.example.com/live/s1"] }
          : { callbacks: [{ url: "https://hooks2.example.com/push" }] },
  }));
}

const CONFLICT = /already exists in Volcengine Live, and nothing in this deployment shows that this stack manages it/;

describe("Pulumi operations under the real CLI: no configuration is ever lost", () => {
  let emulator: RunningEmulator;
  const stacks: E2eStack[] = [];

  const account = (): AccountState => emulator.state().accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
  /** Everything the service holds under a test's hosts, in a stable shape to compare before and after. */
  const serviceOf = (tag: string) => {
    const now = account();
    return {
      groups: now.relaySourcesV3.filter((config) => config.Vhost === vhostOf(tag)),
      relays: now.relaySourcesV4.filter((relay) => relay.Domain === domainOf(tag)),
      callbacks: now.callbacks
        .filter((config) => config.Vhost === vhostOf(tag))
        .map(({ CreateTime: _c, CreateTimeUTC: _u, ...config }) => config),
    };
  };
  const writes = () =>
    emulator
      .requests()
      .requests.filter((entry) => !/^(Describe|List)/.test(entry.action))
      .map((entry) => entry.action);
  const deletes = () => writes().filter((action) => action.startsWith("Delete"));
  const addToAccount = (edit: (account: AccountState) => void) => {
    const world = emulator.state();
    const target = (world.accounts[emulator.credentials.accessKeyId] ??= emptyAccount());
    edit(target);
    emulator.setState(world);
  };
  const newStack = async (name: string) => {
    const stack = await E2eStack.create(name, emulator);
    stacks.push(stack);
    return stack;
  };
  const urn = (stack: E2eStack, kind: ResourceKind, name: string) =>
    `urn:pulumi:e2e::${stack.project}::${urnOf(kind, name)}`;
  const replaceFlags = (stack: E2eStack, specs: Record<string, Spec>) =>
    Object.entries(specs).flatMap(([name, spec]) => ["--replace", urn(stack, spec.kind, name)]);
  const relayTaskId = (tag: string) => serviceOf(tag).relays[0]?.TaskId;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    for (const stack of stacks) stack.dispose();
    await emulator?.stop();
  });

  describe("renaming a resource", () => {
    it("without aliases: up fails before any write, saying to add aliases or when adopt is safe; with adopt it converges and the old names' deletes keep the configurations", async () => {
      const stack = await newStack("rename");
      stack.setResources(trio("rename"));
      await stack.up();
      const before = serviceOf("rename");

      const renamed = trio("rename", { group: "group2", relay: "relay2", hook: "hook2" });
      stack.setResources(renamed);
      emulator.clearRequests();
      const failed = await stack.expectFailure(["up", "--yes", "--skip-preview"]);
      expect(failed.output).toMatch(CONFLICT);
      expect(failed.output).toContain("aliases: [{ name:");
      expect(failed.output).toContain("adopt: true");
      expect(writes()).toEqual([]);
      expect(serviceOf("rename")).toEqual(before);

      stack.setResources(each(renamed, () => ({ args: { adopt: true } })));
      emulator.clearRequests();
      await stack.up();
      expect(deletes()).toEqual([]);
      expect(serviceOf("rename")).toEqual(before);
      expect(Object.keys((await stack.outputs()).resourceIds as object).sort()).toEqual(["group2", "hook2", "relay2"]);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);

      // The new names manage the configurations: destroying them removes everything.
      await stack.destroy();
      const after = serviceOf("rename");
      expect(after.groups.flatMap((config) => config.GroupDetails)).toEqual([]);
      expect(after.relays).toEqual([]);
      expect(after.callbacks).toEqual([]);
    });

    it("with aliases: up changes nothing in the service", async () => {
      const stack = await newStack("alias");
      stack.setResources(trio("alias"));
      await stack.up();
      const before = serviceOf("alias");

      const renamed = each(trio("alias", { group: "group2", relay: "relay2", hook: "hook2" }), (_spec, name) => ({
        opts: { aliases: [{ name: name.replace(/2$/, "") }] },
      }));
      stack.setResources(renamed);
      emulator.clearRequests();
      await stack.up();
      expect(writes()).toEqual([]);
      expect(serviceOf("alias")).toEqual(before);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });
  });

  describe("pulumi up --replace", () => {
    it("plain (create before delete, same key): fails before any write, pointing at deleteBeforeReplace", async () => {
      const stack = await newStack("replace");
      const specs = trio("replace");
      stack.setResources(specs);
      await stack.up();
      const before = serviceOf("replace");

      emulator.clearRequests();
      const failed = await stack.expectFailure(["up", "--yes", "--skip-preview", ...replaceFlags(stack, specs)]);
      expect(failed.output).toMatch(CONFLICT);
      expect(failed.output).toContain("deleteBeforeReplace: true");
      expect(writes()).toEqual([]);
      expect(serviceOf("replace")).toEqual(before);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it.each([
      {
        how: "deleteBeforeReplace: true: the old resource's delete hands each configuration over, never deleting it, and the relay keeps its TaskId",
        tag: "replacedbr",
        change: { opts: { deleteBeforeReplace: true } },
        keepsTaskId: true,
      },
      {
        how: "adopt: true: the replacement takes each configuration over and the old resource's delete keeps it (the adopted relay's taskId is unknowable, '')",
        tag: "replaceadopt",
        change: { args: { adopt: true } },
        keepsTaskId: false,
      },
    ])("with $how", async ({ tag, change, keepsTaskId }) => {
      const stack = await newStack(tag);
      const specs = each(trio(tag), () => change);
      stack.setResources(specs);
      await stack.up();
      const before = serviceOf(tag);
      const taskId = relayTaskId(tag);

      emulator.clearRequests();
      const result = await stack.expectSuccess(["up", "--yes", "--skip-preview", ...replaceFlags(stack, specs)]);
      expect(result.output).toMatch(/3 replaced/);
      expect(deletes()).toEqual([]);
      expect(serviceOf(tag)).toEqual(before);
      const recorded = ((await stack.outputs()).relayTaskIds as Record<string, string>).relay;
      expect(recorded).toBe(keepsTaskId ? taskId : "");
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });
  });

  describe("changing a key", () => {
    /** Hand-made configurations at the keys `moved` would take. */
    const takeMovedKeys = (tag: string) =>
      addToAccount((target) => {
        target.relaySourcesV3.push({
          Vhost: vhostOf(tag),
          App: "live",
          GroupDetails: [
            { Group: "taken", Servers: [{ RelaySourceDomain: "other.example.com", RelaySourceProtocol: "flv" }] },
          ],
        });
        target.relaySourcesV4.push({
          Domain: domainOf(tag),
          App: "live",
          Stream: "taken",
          SrcAddrS: ["rtmp://other.example.com/live/taken"],
          StartTime: 0,
          EndTime: 0,
          TaskId: "1612000000099",
        });
        target.callbacks.push({
          Vhost: vhostOf(tag),
          Domain: "",
          App: "live",
          MessageType: "record",
          CallbackDetailList: [{ CallbackType: "http", URL: "https://other.example.com/record" }],
          TranscodeCallback: 0,
          AuthEnable: false,
          AuthKeyPrimary: "",
          CreateTime: "2025-01-01T08:00:00+08:00",
          CreateTimeUTC: "2025-01-01T00:00:00Z",
        });
      });
    const moved = (tag: string, to: { group: string; stream: string; messageType: string }) =>
      each(trio(tag), (spec) => ({
        args:
          spec.kind === "RelayGroupV3"
            ? { group: to.group }
            : spec.kind === "FixedRelayV4"
              ? { stream: to.stream }
              : { messageType: to.messageType },
      }));

    it("onto a taken key: up fails before anything is deleted, and reverting the key is a no-op", async () => {
      const stack = await newStack("taken");
      stack.setResources(trio("taken"));
      await stack.up();
      takeMovedKeys("taken");
      const before = serviceOf("taken");
      const outputs = await stack.outputs();

      stack.setResources(moved("taken", { group: "taken", stream: "taken", messageType: "record" }));
      emulator.clearRequests();
      const failed = await stack.expectFailure(["up", "--yes", "--skip-preview"]);
      expect(failed.output).toMatch(CONFLICT);
      expect(writes()).toEqual([]);
      expect(serviceOf("taken")).toEqual(before);
      expect(await stack.outputs()).toEqual(outputs);

      stack.setResources(trio("taken"));
      emulator.clearRequests();
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
      await stack.up();
      expect(writes()).toEqual([]);
      expect(serviceOf("taken")).toEqual(before);
    });

    it("onto a taken key with deleteBeforeReplace: true: the delete is refused, naming the taken key, and nothing is deleted", async () => {
      const stack = await newStack("takendbr");
      const dbr = (specs: Record<string, Spec>) => each(specs, () => ({ opts: { deleteBeforeReplace: true } }));
      stack.setResources(dbr(trio("takendbr")));
      await stack.up();
      takeMovedKeys("takendbr");
      const before = serviceOf("takendbr");

      stack.setResources(dbr(moved("takendbr", { group: "taken", stream: "taken", messageType: "record" })));
      emulator.clearRequests();
      const failed = await stack.expectFailure(["up", "--yes", "--skip-preview"]);
      expect(failed.output).toMatch(/was not deleted: its replacement would take the key/);
      expect(deletes()).toEqual([]);
      expect(serviceOf("takendbr")).toEqual(before);
      stack.setResources(dbr(trio("takendbr")));
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it("onto a free key: creates the new configuration, then deletes the old one", async () => {
      const stack = await newStack("free");
      stack.setResources(trio("free"));
      await stack.up();

      stack.setResources(moved("free", { group: "second", stream: "s2", messageType: "record" }));
      emulator.clearRequests();
      await stack.up();
      const service = serviceOf("free");
      expect(service.groups.flatMap((config) => config.GroupDetails.map((group) => group.Group))).toEqual(["second"]);
      expect(service.relays.map((relay) => relay.Stream)).toEqual(["s2"]);
      expect(service.callbacks.map((config) => config.MessageType)).toEqual(["record"]);
      const order = writes();
      expect(order.indexOf("CreateRelaySourceV4")).toBeLessThan(order.indexOf("DeleteRelaySourceV4"));
      expect(((await stack.outputs()).relayTaskIds as Record<string, string>).relay).toBe(relayTaskId("free"));
    });
  });

  describe("replaceOnChanges and deleteBeforeReplace", () => {
    const onChanges = (tag: string, extra: Record<string, unknown> = {}) =>
      each(trio(tag), (spec) => ({
        opts: {
          replaceOnChanges: [
            spec.kind === "RelayGroupV3" ? "servers" : spec.kind === "FixedRelayV4" ? "sourceUrls" : "callbacks",
          ],
          ...extra,
        },
      }));
    it("a change of a replaceOnChanges field is planned and done as a replacement, keeping the key's configuration (new settings) and the relay's TaskId", async () => {
      const stack = await newStack("roc");
      stack.setResources(onChanges("roc"));
      await stack.up();
      const taskId = relayTaskId("roc");

      stack.setResources(withNewSettings(onChanges("roc")));
      const steps = await stack.previewSteps();
      expect(steps.map((step) => step.op).sort()).toEqual(["replace", "replace", "replace"]);
      emulator.clearRequests();
      const result = await stack.up();
      expect(result.output).toMatch(/3 replaced/);
      expect(deletes()).toEqual([]);
      const service = serviceOf("roc");
      expect(service.groups[0]?.GroupDetails).toEqual([
        { Group: "main", Servers: [{ RelaySourceDomain: "origin2.example.com", RelaySourceProtocol: "flv" }] },
      ]);
      expect(service.relays).toEqual([
        expect.objectContaining({ SrcAddrS: ["rtmp://studio2.example.com/live/s1"], TaskId: taskId }),
      ]);
      expect(service.callbacks[0]?.CallbackDetailList).toEqual([
        { CallbackType: "http", URL: "https://hooks2.example.com/push" },
      ]);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it("with deleteBeforeReplace: true, the same replacement hands each configuration over: deleted first in the plan, never in the service", async () => {
      const stack = await newStack("rocdbr");
      stack.setResources(onChanges("rocdbr", { deleteBeforeReplace: true }));
      await stack.up();
      const taskId = relayTaskId("rocdbr");

      stack.setResources(withNewSettings(onChanges("rocdbr", { deleteBeforeReplace: true })));
      emulator.clearRequests();
      const result = await stack.up();
      expect(result.output).toMatch(/3 replaced/);
      expect(deletes()).toEqual([]);
      const service = serviceOf("rocdbr");
      expect(service.groups[0]?.GroupDetails[0]?.Servers[0]?.RelaySourceDomain).toBe("origin2.example.com");
      expect(service.relays).toEqual([
        expect.objectContaining({ SrcAddrS: ["rtmp://studio2.example.com/live/s1"], TaskId: taskId }),
      ]);
      expect(service.callbacks[0]?.CallbackDetailList[0]?.URL).toBe("https://hooks2.example.com/push");
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });
  });

  describe("protect, retainOnDelete and --target", () => {
    it("protect: removing protected resources fails before the provider is called, and so does destroy", async () => {
      const stack = await newStack("protect");
      stack.setResources(each(trio("protect"), () => ({ opts: { protect: true } })));
      await stack.up();
      const before = serviceOf("protect");

      stack.setResources({});
      emulator.clearRequests();
      const removed = await stack.expectFailure(["up", "--yes", "--skip-preview"]);
      expect(removed.output).toMatch(/protected/);
      const destroyed = await stack.expectFailure(["destroy", "--yes", "--skip-preview"]);
      expect(destroyed.output).toMatch(/protected/);
      expect(writes()).toEqual([]);
      expect(serviceOf("protect")).toEqual(before);
    });

    it("retainOnDelete: removing the resources drops them from state and leaves every configuration in the service", async () => {
      const stack = await newStack("retain");
      stack.setResources(each(trio("retain"), () => ({ opts: { retainOnDelete: true } })));
      await stack.up();
      const before = serviceOf("retain");

      stack.setResources({});
      emulator.clearRequests();
      await stack.up();
      expect(writes()).toEqual([]);
      expect(serviceOf("retain")).toEqual(before);
      expect(await stack.outputs()).toEqual({ resourceIds: {}, relayTaskIds: {} });
    });

    it("--target: only the targeted resource is changed; the others keep their old settings until the next up", async () => {
      const stack = await newStack("target");
      const specs = trio("target");
      stack.setResources(specs);
      await stack.up();

      const changed = withNewSettings(specs);
      stack.setResources(changed);
      emulator.clearRequests();
      await stack.expectSuccess(["up", "--yes", "--skip-preview", "--target", urn(stack, "FixedRelayV4", "relay")]);
      expect(writes()).toEqual(["UpdateRelaySourceV4"]);
      const service = serviceOf("target");
      expect(service.relays[0]?.SrcAddrS).toEqual(["rtmp://studio2.example.com/live/s1"]);
      expect(service.groups[0]?.GroupDetails[0]?.Servers[0]?.RelaySourceDomain).toBe("origin.example.com");
      expect(service.callbacks[0]?.CallbackDetailList[0]?.URL).toBe("https://hooks.example.com/push");

      emulator.clearRequests();
      await stack.up();
      expect(writes().sort()).toEqual(["UpdateCallback", "UpdateRelaySourceV3"]);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });
  });

  describe("drift and field-level diffs", () => {
    it("after a refresh records drift, preview --diff names each drifted field, and up restores them", async () => {
      const stack = await newStack("drift");
      stack.setResources(trio("drift"));
      await stack.up();
      const declared = serviceOf("drift");
      addToAccount((target) => {
        const group = target.relaySourcesV3.find((config) => config.Vhost === vhostOf("drift"));
        group!.GroupDetails[0]!.Servers = [{ RelaySourceDomain: "rogue.example.com", RelaySourceProtocol: "flv" }];
        const relay = target.relaySourcesV4.find((candidate) => candidate.Domain === domainOf("drift"));
        relay!.SrcAddrS = ["rtmp://rogue.example.com/live/s1"];
        const hook = target.callbacks.find((config) => config.Vhost === vhostOf("drift"));
        hook!.CallbackDetailList = [{ CallbackType: "http", URL: "https://rogue.example.com/push" }];
      });

      await stack.refresh();
      const preview = await stack.expectSuccess(["preview", "--diff"]);
      expect(preview.output).toMatch(/~ servers: \[/);
      expect(preview.output).toMatch(/~ sourceUrls: \[/);
      expect(preview.output).toMatch(/~ callbacks: \[/);
      expect(preview.output).toContain("rogue.example.com");
      const summary = await stack.expectSuccess(["preview"]);
      expect(summary.output).toMatch(/group\s+update\s+\[diff: ~servers\]/);
      expect(summary.output).toMatch(/relay\s+update\s+\[diff: ~sourceUrls\]/);
      expect(summary.output).toMatch(/hook\s+update\s+\[diff: ~callbacks\]/);

      await stack.up();
      expect(serviceOf("drift")).toEqual(declared);
      await stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it("a change of the callback's authKey alone shows [diff: ~authKey] and never prints the key", async () => {
      const stack = await newStack("authkey");
      const hook = (): Record<string, Spec> => ({
        hook: {
          ...trio("authkey").hook!,
          args: { ...trio("authkey").hook!.args, authEnabled: true, authKey: "$authKey" },
        },
      });
      await stack.expectSuccess(["config", "set", "--secret", "authKey", "first-signing-key"]);
      stack.setResources(hook());
      await stack.up();

      await stack.expectSuccess(["config", "set", "--secret", "authKey", "second-signing-key"]);
      const summary = await stack.expectSuccess(["preview"]);
      expect(summary.output).toMatch(/hook\s+update\s+\[diff: ~authKey\]/);
      const detailed = await stack.expectSuccess(["preview", "--diff"]);
      expect(detailed.output).toMatch(/~ authKey: \[secret\]/);
      for (const output of [summary.output, detailed.output]) {
        expect(output).not.toContain("first-signing-key");
        expect(output).not.toContain("second-signing-key");
      }
    });
  });
});
