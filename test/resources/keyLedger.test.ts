import type { RunningEmulator } from "../../emulator";
import { FixedRelayV4Provider } from "../../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../../provider/resources/liveCallback/LiveCallbackProvider";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { ResourceConflictError } from "../../provider/errors/ResourceConflictError";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import {
  accountOf,
  type ModeHarness,
  type ProviderClass,
  setAccount,
  useEmulator,
} from "../../scripts/lib/v3cbHarness";

/**
 * The key ledger: what one provider process — one Pulumi command — knows about who holds each key, so that two
 * resources of one deployment never destroy each other's configuration. The engine gives create and delete no
 * resource name, so only the process sees that a create and a delete meet at one key. For one command:
 *
 * - check of valid, known inputs declares the key;
 * - diff of this stack's recorded resource against a declaration at the same key (nothing changed, an update, or a
 *   replacement by `replaceOnChanges`) notes the key held, with the recorded outputs;
 * - a create, take-over or update claims it;
 * - a delete at a claimed key sends nothing (another resource of the deployment holds it); a delete at a declared
 *   key sends nothing either and hands the configuration over to the declared resource, whose create takes it over;
 * - a create at an existing configuration takes it over when the key is held or was handed over (a FixedRelayV4
 *   keeps the TaskId this stack recorded), or when `adopt` is set; else it is refused (ResourceConflictError) and
 *   the key marked refused: a later delete at it deletes for real;
 * - diff never asks for delete-before-replace: a replacement at the same key is created first and takes the
 *   configuration over, and one onto another key is created first too; a delete-before-replace (the user's option)
 *   onto another key first checks that the new key is free.
 *
 * Every command below runs in a provider process of its own over one emulator, calling what the engine calls, in
 * the engine's order: an `up` checks each declared resource, diffs those with state (a targeted `up --replace`
 * checks without olds and does not diff), checks a replacement again without olds, then creates, updates and
 * replaces, and deletes what is no longer declared (and the old halves of create-before-delete replacements) last;
 * a `destroy` only deletes. API calls are counted per provider call from the emulator's request log.
 */

type Inputs = Record<string, unknown>;

/** The provider calls an engine makes, as all three kinds implement them. */
interface Provider {
  check(olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures?: unknown[] }>;
  diff(
    id: string,
    olds: Inputs,
    news: Inputs,
  ): Promise<{ changes?: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Inputs): Promise<{ id: string; outs: Inputs }>;
  delete(id: string, props: Inputs): Promise<void>;
}

/** Two keys of one kind (0 and 1) and two settings (0 and 1) of the fields an update changes. */
interface Kind {
  readonly name: string;
  readonly Provider: ProviderClass<Provider>;
  /** The field that tells key 0 from key 1, and the field the settings change. */
  readonly keyField: string;
  readonly updateField: string;
  program(key: 0 | 1, settings: 0 | 1, extra?: Inputs): Inputs;
  id(key: 0 | 1): string;
  /** The host of the service's configuration at the key (one of HOSTS, or `hand.example.com`), or undefined. */
  held(emulator: RunningEmulator, key: 0 | 1): string | undefined;
  /** A configuration at the key made by hand, outside any stack. */
  makeByHand(emulator: RunningEmulator, key: 0 | 1): void;
  /** The configuration at the key removed by hand, outside any stack. */
  removeByHand(emulator: RunningEmulator, key: 0 | 1): void;
  /** The actions that write or delete a configuration. */
  readonly writes: readonly string[];
  /** The one write that changes an existing configuration's settings in place. */
  readonly rewrite: string;
  readonly deletion: string;
}

const HOSTS = ["origin-a.example.com", "origin-b.example.com"] as const;
const BY_HAND = "hand.example.com";
const VHOST = "push.example.com";
const DOMAIN = "pull.example.com";
const MESSAGE_TYPES = ["push", "push_end"] as const;

const KINDS: Kind[] = [
  {
    name: "RelayGroupV3",
    Provider: RelayGroupV3Provider,
    keyField: "group",
    updateField: "servers",
    program: (key, settings, extra = {}) => ({
      vhost: VHOST,
      app: "live",
      group: `g${key}`,
      servers: [{ protocol: "rtmp", domain: HOSTS[settings] }],
      ...extra,
    }),
    id: (key) => `${VHOST}:live:g${key}`,
    held: (emulator, key) =>
      accountOf(emulator)
        .relaySourcesV3.find((config) => config.Vhost === VHOST && config.App === "live")
        ?.GroupDetails.find((group) => group.Group === `g${key}`)?.Servers[0]?.RelaySourceDomain,
    makeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        let config = account.relaySourcesV3.find((item) => item.Vhost === VHOST && item.App === "live");
        if (config === undefined) {
          config = { Vhost: VHOST, App: "live", GroupDetails: [] };
          account.relaySourcesV3.push(config);
        }
        config.GroupDetails.push({
          Group: `g${key}`,
          Servers: [{ RelaySourceDomain: BY_HAND, RelaySourceProtocol: "flv" }],
        });
      }),
    removeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        for (const config of account.relaySourcesV3) {
          config.GroupDetails = config.GroupDetails.filter((group) => group.Group !== `g${key}`);
        }
        account.relaySourcesV3 = account.relaySourcesV3.filter((config) => config.GroupDetails.length > 0);
      }),
    writes: ["UpdateRelaySourceV3"],
    rewrite: "UpdateRelaySourceV3",
    deletion: "DeleteRelaySourceV3",
  },
  {
    name: "FixedRelayV4",
    Provider: FixedRelayV4Provider,
    keyField: "stream",
    updateField: "sourceUrls",
    program: (key, settings, extra = {}) => ({
      domain: DOMAIN,
      app: "live",
      stream: `s${key}`,
      sourceUrls: [`rtmp://${HOSTS[settings]}/live/s`],
      ...extra,
    }),
    id: (key) => `${DOMAIN}:live:s${key}`,
    held: (emulator, key) => {
      const relay = accountOf(emulator).relaySourcesV4.find((item) => item.Stream === `s${key}`);
      return relay === undefined ? undefined : new URL(relay.SrcAddrS[0] as string).host;
    },
    makeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        account.relaySourcesV4.push({
          Domain: DOMAIN,
          App: "live",
          Stream: `s${key}`,
          SrcAddrS: [`rtmp://${BY_HAND}/live/s`],
          StartTime: 0,
          EndTime: 0,
          TaskId: "1612000000777",
        });
      }),
    removeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        account.relaySourcesV4 = account.relaySourcesV4.filter((relay) => relay.Stream !== `s${key}`);
      }),
    writes: ["CreateRelaySourceV4", "UpdateRelaySourceV4"],
    rewrite: "UpdateRelaySourceV4",
    deletion: "DeleteRelaySourceV4",
  },
  {
    name: "LiveCallback",
    Provider: LiveCallbackProvider,
    keyField: "messageType",
    updateField: "callbacks",
    program: (key, settings, extra = {}) => ({
      vhost: VHOST,
      app: "live",
      messageType: MESSAGE_TYPES[key],
      callbacks: [{ url: `https://${HOSTS[settings]}/cb` }],
      ...extra,
    }),
    id: (key) => `vhost:${VHOST}:live:${MESSAGE_TYPES[key]}`,
    held: (emulator, key) => {
      const config = accountOf(emulator).callbacks.find((item) => item.MessageType === MESSAGE_TYPES[key]);
      return config === undefined ? undefined : new URL(config.CallbackDetailList[0]?.URL as string).host;
    },
    makeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        account.callbacks.push({
          Vhost: VHOST,
          Domain: "",
          App: "live",
          MessageType: MESSAGE_TYPES[key],
          CallbackDetailList: [{ CallbackType: "http", URL: `https://${BY_HAND}/cb` }],
          TranscodeCallback: 0,
          AuthEnable: false,
          AuthKeyPrimary: "",
          CreateTime: "2024-01-01T08:00:00+08:00",
          CreateTimeUTC: "2024-01-01T00:00:00Z",
        });
      }),
    removeByHand: (emulator, key) =>
      setAccount(emulator, (account) => {
        account.callbacks = account.callbacks.filter((config) => config.MessageType !== MESSAGE_TYPES[key]);
      }),
    writes: ["UpdateCallback"],
    rewrite: "UpdateCallback",
    deletion: "DeleteCallback",
  },
];

/** What the engine records for a resource: its ID, checked inputs and outputs. */
interface Recorded {
  readonly id: string;
  readonly inputs: Inputs;
  readonly outputs: Inputs;
}

async function checked(provider: Provider, news: Inputs, olds: Inputs = {}): Promise<Inputs> {
  const result = await provider.check(olds, news);
  expect(result.failures).toBeUndefined();
  return result.inputs;
}

describe.each(KINDS)("$name", (kind) => {
  const h: ModeHarness = useEmulator({});
  const { Provider } = kind;
  const host = (key: 0 | 1) => kind.held(h.emulator, key);

  /** The actions of the API calls a provider call made, in order, and how it ended. */
  async function callsOf<T>(run: () => Promise<T>): Promise<{ actions: string[]; value?: T; error?: unknown }> {
    const last = h.emulator.requests().requests.at(-1)?.seq ?? 0;
    const actionsSince = () =>
      h.emulator
        .requests()
        .requests.filter((entry) => entry.seq > last)
        .map((entry) => entry.action);
    try {
      const value = await run();
      return { actions: actionsSince(), value };
    } catch (error) {
      return { actions: actionsSince(), error };
    }
  }

  const writesIn = (actions: readonly string[]) =>
    actions.filter((action) => kind.writes.includes(action) || action === kind.deletion);

  /** An `up` whose program declares one resource at the key, created there. */
  async function upCreating(key: 0 | 1, settings: 0 | 1 = 0): Promise<Recorded> {
    const up = h.command(Provider);
    const inputs = await checked(up, kind.program(key, settings));
    const { id, outs } = await up.create(inputs);
    expect(host(key)).toBe(HOSTS[settings]);
    return { id, inputs, outputs: outs };
  }

  /**
   * A delete-before-replace at an unchanged key: the old resource's delete sends nothing and leaves the
   * configuration; the replacement's create takes it over with one write. A relay and its TaskId carry on.
   */
  async function expectHandOverThenTakeOver(up: Provider, old: Recorded, replacementInputs: Inputs, taskId?: string) {
    const deleted = await callsOf(() => up.delete(old.id, old.outputs));
    expect(deleted.error).toBeUndefined();
    expect(deleted.actions).toEqual([]);
    expect(host(0)).toBe(HOSTS[0]);

    const create = await callsOf(() => up.create(replacementInputs));

    expect(create.error).toBeUndefined();
    expect(create.value?.id).toBe(old.id);
    expect(writesIn(create.actions)).toEqual([kind.rewrite]);
    expect(host(0)).toBe(HOSTS[1]);
    if (kind.name === "FixedRelayV4") {
      expect(create.value?.outs.taskId).toBe(taskId);
      expect(taskIdAt(0)).toBe(taskId);
    }
  }

  /** The TaskId the service holds at a FixedRelayV4 key. */
  const taskIdAt = (key: 0 | 1) =>
    accountOf(h.emulator).relaySourcesV4.find((relay) => relay.Stream === `s${key}`)?.TaskId;

  describe("a destroy, and a resource the program no longer declares", () => {
    it("a destroy (a fresh process that checks nothing) deletes for real", async () => {
      const a = await upCreating(0);

      const deleted = await callsOf(() => h.command(Provider).delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([kind.deletion]);
      expect(host(0)).toBeUndefined();
    });

    it("an up whose program declares only another key deletes the removed resource for real", async () => {
      const a = await upCreating(0);
      const b = await upCreating(1);

      // up: the program declares b alone; a is deleted last, at a key no one declares
      const up = h.command(Provider);
      expect(await up.diff(b.id, b.outputs, await checked(up, kind.program(1, 0), b.inputs))).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([kind.deletion]);
      expect(host(0)).toBeUndefined();
      expect(host(1)).toBe(HOSTS[0]);
    });
  });

  describe("a rename without aliases: the new name's create, then the old name's delete, at one key", () => {
    it("is refused without adopt: the message names aliases and adopt, and nothing is written", async () => {
      const a = await upCreating(0);
      const before = accountOf(h.emulator);

      // up: the program declares `b`, with a's arguments; the engine knows no link between the two names
      const up = h.command(Provider);
      const bInputs = await checked(up, kind.program(0, 0));
      const create = await callsOf(() => up.create(bInputs));

      expect(create.error).toBeInstanceOf(ResourceConflictError);
      const error = create.error as ResourceConflictError;
      expect(error.code).toBe("VOLC_LIVE_ERR_ALREADY_EXISTS");
      expect(error.resourceId).toBe(a.id);
      expect(error.replacing).toBeUndefined();
      expect(error.message).toContain("aliases");
      expect(error.message).toContain("adopt");
      expect(writesIn(create.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
      // The engine stops at the failed create: a is not deleted, and the configuration is intact.
    });

    it("when the engine goes on (--continue-on-error), the old name's delete at the refused key deletes for real, and the next up creates it afresh", async () => {
      const a = await upCreating(0);

      const up = h.command(Provider);
      const bInputs = await checked(up, kind.program(0, 0));
      expect(await rejectionOf(up.create(bInputs))).toBeInstanceOf(ResourceConflictError);
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      // Kept, the configuration would be managed by no resource, and every later up would refuse it again.
      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([kind.deletion]);
      expect(host(0)).toBeUndefined();

      const next = h.command(Provider);
      const b = await next.create(await checked(next, kind.program(0, 0)));
      expect(b.id).toBe(a.id);
      expect(host(0)).toBe(HOSTS[0]);
    });

    it("with adopt, the create takes the configuration over and the old name's delete sends nothing", async () => {
      const a = await upCreating(0);
      const taskId = taskIdAt(0);

      // up: `b` declares the key with adopt and new settings; `a` is deleted last
      const up = h.command(Provider);
      const bInputs = await checked(up, kind.program(0, 1, { adopt: true }));
      const create = await callsOf(() => up.create(bInputs));
      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(host(0)).toBe(HOSTS[1]);
      expect(create.actions).not.toContain(kind.deletion);

      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([]);
      expect(host(0)).toBe(HOSTS[1]);
      if (kind.name === "FixedRelayV4") {
        // Adopted, not handed over: the TaskId cannot be known (List has none); the relay itself is the same.
        expect(create.value?.outs.taskId).toBe("");
        expect(taskIdAt(0)).toBe(taskId);
      }
    });

    it("interrupted after the create: the next up declares the key, and the old name's delete keeps the configuration", async () => {
      const a = await upCreating(0);
      // An up that renamed a to b with adopt, killed after b's create: state holds both at one key.
      const killed = h.command(Provider);
      const bInputs = await checked(killed, kind.program(0, 1, { adopt: true }));
      const b = await killed.create(bInputs);
      expect(b.id).toBe(a.id);
      expect(host(0)).toBe(HOSTS[1]);

      // The next up: b is checked (and unchanged); a, no longer declared, is deleted last.
      const up = h.command(Provider);
      expect(await up.diff(b.id, b.outs, await checked(up, kind.program(0, 1, { adopt: true }), bInputs))).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([]);
      expect(host(0)).toBe(HOSTS[1]);
    });
  });

  describe("a replacement at the same key, created before the old one is deleted", () => {
    it("replaceOnChanges: diff asks for no delete-before-replace; the create takes the configuration over, the old one's delete sends nothing, and it is never absent", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);

      // up: new settings; diff sees no key change (an update), which replaceOnChanges on that field makes a replace
      const up = h.command(Provider);
      const news = await checked(up, kind.program(0, 1), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({ replaces: [], deleteBeforeReplace: false });
      // The engine checks a replacement again, without olds, creates it, and deletes the old resource last.
      const create = await callsOf(async () => up.create(await checked(up, kind.program(0, 1))));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(writesIn(create.actions)).toEqual([kind.rewrite]);
      expect(host(0)).toBe(HOSTS[1]);

      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([]);
      expect(host(0)).toBe(HOSTS[1]);
      if (kind.name === "FixedRelayV4") {
        // Held by this stack's own resource: the relay and its TaskId carry on.
        expect(create.value?.outs.taskId).toBe(taskId);
        expect(taskIdAt(0)).toBe(taskId);
      }
    });

    it("replaceOnChanges, the configuration gone meanwhile (removed by hand): the create at the held key creates it afresh, and the old one's delete sends nothing", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);
      kind.removeByHand(h.emulator, 0);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(0, 1), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({ replaces: [], deleteBeforeReplace: false });
      const create = await callsOf(async () => up.create(await checked(up, kind.program(0, 1))));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(writesIn(create.actions)).toEqual([kind.writes[0]]);
      expect(host(0)).toBe(HOSTS[1]);
      if (kind.name === "FixedRelayV4") {
        // A new relay: the TaskId is the one its create returned, not the recorded one of the relay that is gone.
        expect(create.value?.outs.taskId).toBe(taskIdAt(0));
        expect(taskIdAt(0)).not.toBe(taskId);
      }

      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([]);
      expect(host(0)).toBe(HOSTS[1]);
    });

    it("up --replace (checked without olds, no diff) is refused without adopt, naming deleteBeforeReplace, and nothing is written", async () => {
      const a = await upCreating(0, 0);
      const before = accountOf(h.emulator);

      // up --replace: nothing shows the create that the configuration is its own resource's
      const up = h.command(Provider);
      const refused = await callsOf(async () => up.create(await checked(up, kind.program(0, 1))));

      expect(refused.error).toBeInstanceOf(ResourceConflictError);
      const error = refused.error as ResourceConflictError;
      expect(error.code).toBe("VOLC_LIVE_ERR_ALREADY_EXISTS");
      expect(error.resourceId).toBe(a.id);
      expect(error.replacing).toBeUndefined();
      expect(error.message).toContain("deleteBeforeReplace: true");
      expect(writesIn(refused.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
      // The engine stops at the failed create: the old one's delete, due last, never comes.
    });

    it("up --replace with adopt: the create takes the configuration over and the old one's delete sends nothing", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);

      const up = h.command(Provider);
      const create = await callsOf(async () => up.create(await checked(up, kind.program(0, 1, { adopt: true }))));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(writesIn(create.actions)).toEqual([kind.rewrite]);
      expect(host(0)).toBe(HOSTS[1]);

      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([]);
      expect(host(0)).toBe(HOSTS[1]);
      if (kind.name === "FixedRelayV4") {
        // Adopted, not held: the TaskId cannot be known (List has none); the relay itself is the same.
        expect(create.value?.outs.taskId).toBe("");
        expect(taskIdAt(0)).toBe(taskId);
      }
    });
  });

  describe("a replacement at the same key with deleteBeforeReplace: true (the user's option)", () => {
    it("replaceOnChanges: the delete hands over, the create takes over, the configuration is never absent", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(0, 1), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({ replaces: [], deleteBeforeReplace: false });
      // The engine checks a replacement again, without olds, then deletes the old resource first.
      const replacementInputs = await checked(up, kind.program(0, 1));
      await expectHandOverThenTakeOver(up, a, replacementInputs, taskId);
    });

    it("up --replace (checked without olds, no diff): the delete hands over, the create takes over, the configuration is never absent", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);

      const up = h.command(Provider);
      const replacementInputs = await checked(up, kind.program(0, 1));
      await expectHandOverThenTakeOver(up, a, replacementInputs, taskId);
    });
  });

  describe("a same-key delete-before-replace whose create failed", () => {
    // The engine deletes a resource pending replacement only once, so the next process sees no hand-over: the
    // diff of the old resource against its declaration shows the key held, and the create takes it back. (Were the
    // resource dropped from the program instead, or the stack destroyed, the engine would remove it from state
    // without any delete, leaving the configuration behind.)
    it("the next up (the old resource pending replacement, so no delete) takes the configuration back", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);

      // up: the delete hands the configuration over; the replacement's write is refused, nothing applied
      const up = h.command(Provider);
      const news = await checked(up, kind.program(0, 1), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({ replaces: [], deleteBeforeReplace: false });
      const replacementInputs = await checked(up, kind.program(0, 1));
      await up.delete(a.id, a.outputs);
      h.emulator.setFaults(kind.writes.map((action) => ({ action, kind: "error", status: 400, code: "InvalidParam" })));
      expect(await rejectionOf(up.create(replacementInputs))).toMatchObject({ apiCode: "InvalidParam" });
      h.emulator.setFaults([]);
      // The engine records a as pending replacement: deleted, as far as it knows. The configuration is still there.
      expect(host(0)).toBe(HOSTS[0]);

      // The next up: a pending replacement is replaced again without a delete (the engine deleted it already).
      const next = h.command(Provider);
      expect(await next.diff(a.id, a.outputs, await checked(next, kind.program(0, 1), a.inputs))).toEqual({
        replaces: [],
        deleteBeforeReplace: false,
      });
      const create = await callsOf(async () => next.create(await checked(next, kind.program(0, 1))));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(writesIn(create.actions)).toEqual([kind.rewrite]);
      expect(host(0)).toBe(HOSTS[1]);
      if (kind.name === "FixedRelayV4") {
        expect(create.value?.outs.taskId).toBe(taskId);
        expect(taskIdAt(0)).toBe(taskId);
      }
    });

    it("of an up --replace: the next up, with nothing changed, takes the configuration back as it is", async () => {
      const a = await upCreating(0, 0);
      const taskId = taskIdAt(0);
      const before = accountOf(h.emulator);

      // up --replace: the delete hands the configuration over; the replacement's create fails at its first read
      const up = h.command(Provider);
      const replacementInputs = await checked(up, kind.program(0, 0));
      await up.delete(a.id, a.outputs);
      h.emulator.setFaults([{ action: "*", kind: "error", status: 400, code: "InvalidParam" }]);
      expect(await rejectionOf(up.create(replacementInputs))).toMatchObject({ apiCode: "InvalidParam" });
      h.emulator.setFaults([]);
      expect(accountOf(h.emulator)).toEqual(before);

      // The next up, without --replace: nothing changed, but a pending replacement is replaced again, without a delete.
      const next = h.command(Provider);
      expect(await next.diff(a.id, a.outputs, await checked(next, kind.program(0, 0), a.inputs))).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const create = await callsOf(async () => next.create(await checked(next, kind.program(0, 0))));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(a.id);
      expect(create.value?.outs).toEqual(a.outputs);
      // A FixedRelayV4 already as declared is left alone; the others resend the same settings.
      expect(writesIn(create.actions)).toEqual(kind.name === "FixedRelayV4" ? [] : [kind.rewrite]);
      expect(accountOf(h.emulator)).toEqual(before);
      if (kind.name === "FixedRelayV4") expect(taskIdAt(0)).toBe(taskId);
    });
  });

  describe("a key change", () => {
    it("onto a free key: diff asks for create-before-delete; the new one is created, then the old one deleted", async () => {
      const a = await upCreating(0, 0);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(1, 0), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({
        replaces: [kind.keyField],
        deleteBeforeReplace: false,
      });
      const replacementInputs = await checked(up, kind.program(1, 0));
      const create = await callsOf(() => up.create(replacementInputs));
      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(kind.id(1));
      expect(host(0)).toBe(HOSTS[0]);
      expect(host(1)).toBe(HOSTS[0]);

      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toEqual([kind.deletion]);
      expect(host(0)).toBeUndefined();
      expect(host(1)).toBe(HOSTS[0]);
    });

    it("onto a free key with deleteBeforeReplace: true: the old one is deleted (its new key is free), then the new one created", async () => {
      const a = await upCreating(0, 0);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(1, 0), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({
        replaces: [kind.keyField],
        deleteBeforeReplace: false,
      });
      const replacementInputs = await checked(up, kind.program(1, 0));
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));
      expect(deleted.error).toBeUndefined();
      expect(deleted.actions).toContain(kind.deletion);
      expect(host(0)).toBeUndefined();

      const create = await callsOf(() => up.create(replacementInputs));

      expect(create.error).toBeUndefined();
      expect(create.value?.id).toBe(kind.id(1));
      expect(host(1)).toBe(HOSTS[0]);
    });

    it("onto a key another configuration holds: the create is refused before anything is deleted", async () => {
      const a = await upCreating(0, 0);
      kind.makeByHand(h.emulator, 1);
      const before = accountOf(h.emulator);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(1, 0), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({
        replaces: [kind.keyField],
        deleteBeforeReplace: false,
      });
      const create = await callsOf(async () => up.create(await checked(up, kind.program(1, 0))));

      // The engine stops at the failed create: the old one's delete, due last, never comes.
      expect(create.error).toBeInstanceOf(ResourceConflictError);
      expect((create.error as ResourceConflictError).resourceId).toBe(kind.id(1));
      expect(writesIn(create.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
      expect(host(0)).toBe(HOSTS[0]);
      expect(host(1)).toBe(BY_HAND);
    });

    it("onto the key of another resource of the stack, diffed first (so its key is held): the create is refused, and the other resource's configuration is untouched", async () => {
      const a = await upCreating(0, 0);
      const b = await upCreating(1, 1);
      const before = accountOf(h.emulator);

      const up = h.command(Provider);
      // b stays where it is: its key is held by this stack.
      const bNews = await checked(up, kind.program(1, 1), b.inputs);
      expect(await up.diff(b.id, b.outputs, bNews)).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      // a moves onto b's key.
      const aNews = await checked(up, kind.program(1, 0), a.inputs);
      expect(await up.diff(a.id, a.outputs, aNews)).toEqual({ replaces: [kind.keyField], deleteBeforeReplace: false });
      const create = await callsOf(async () => up.create(await checked(up, kind.program(1, 0))));

      expect(create.error).toBeInstanceOf(ResourceConflictError);
      expect(writesIn(create.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
      expect(host(1)).toBe(HOSTS[1]);
    });

    it("onto the key of another resource of the stack, with deleteBeforeReplace: true: the mover's delete is refused before anything is deleted", async () => {
      const a = await upCreating(0, 0);
      const b = await upCreating(1, 1);
      const before = accountOf(h.emulator);

      const up = h.command(Provider);
      const bNews = await checked(up, kind.program(1, 1), b.inputs);
      await up.diff(b.id, b.outputs, bNews);
      const aNews = await checked(up, kind.program(1, 0), a.inputs);
      await up.diff(a.id, a.outputs, aNews);
      await checked(up, kind.program(1, 0));
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeInstanceOf(ResourceConflictError);
      expect((deleted.error as ResourceConflictError).replacing).toBe(a.id);
      expect(writesIn(deleted.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
    });

    it("onto a key another configuration holds, with deleteBeforeReplace: true: the delete is refused, naming the replacement, and nothing is deleted", async () => {
      const a = await upCreating(0, 0);
      kind.makeByHand(h.emulator, 1);
      const before = accountOf(h.emulator);

      const up = h.command(Provider);
      const news = await checked(up, kind.program(1, 0), a.inputs);
      expect(await up.diff(a.id, a.outputs, news)).toEqual({
        replaces: [kind.keyField],
        deleteBeforeReplace: false,
      });
      await checked(up, kind.program(1, 0));
      const deleted = await callsOf(() => up.delete(a.id, a.outputs));

      expect(deleted.error).toBeInstanceOf(ResourceConflictError);
      const error = deleted.error as ResourceConflictError;
      expect(error.code).toBe("VOLC_LIVE_ERR_ALREADY_EXISTS");
      expect(error.resourceId).toBe(kind.id(1));
      expect(error.replacing).toBe(a.id);
      expect(error.message).toContain(a.id);
      expect(error.message).toContain("was not deleted");
      expect(writesIn(deleted.actions)).toEqual([]);
      expect(accountOf(h.emulator)).toEqual(before);
    });
  });
});
