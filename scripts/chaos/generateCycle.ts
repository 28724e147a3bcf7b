import type { WorldModes } from "../../emulator/world/LiveWorld";
import { type AccountState, emptyAccount, type RelayServer as ApiRelayServer } from "../../emulator/world/WorldState";
import { accountOfStack } from "./accountOfStack";
import { applyOutOfBand } from "./applyOutOfBand";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { ChaosCycle, ChaosPhase, DesiredStack, OutOfBandEdit, ResourceSpec } from "./ChaosCycle";
import { ChaosRandom } from "./ChaosRandom";
import { expectedDrift } from "./expectedDrift";
import { faultSchedule } from "./faultSchedule";
import { OPERATION_GROUPS, type OperationGroup, OperationPlanner, replaceOnChangesCount } from "./OperationPlanner";

const VHOSTS = ["push-a.chaos.example.com", "push-b.chaos.example.com"];
const V3_APPS = ["", "live", "sports"];
const PLAY_DOMAINS = ["play-a.chaos.example.com", "play-b.chaos.example.com"];
const V4_APPS = ["live", "event"];
const PUSH_DOMAIN = "push-domain.chaos.example.com";
const CALLBACK_APPS = ["", "live"];
const MESSAGE_TYPES = ["push", "push_end", "snapshot", "record", "audit_snapshot"];
/** 2030-01-01T00:00:00Z: relay windows lie in the future, as a user's would. */
const WINDOW_BASE = 1_893_456_000;

export interface GenerateOptions {
  /** Resources declared by the first `up`: 7–11 by default. */
  readonly minResources?: number;
  readonly maxResources?: number;
  /**
   * Multiplies every fault probability (default 1). Heavier schedules find rarer paths; from about 2 on, some
   * commands fail five runs in a row from the sheer number of faults.
   */
  readonly faultScale?: number;
  /**
   * How many of the optional operation groups (renames, forced replace, a move onto a taken key, a killed up, a
   * killed destroy) the cycle performs, picked by the seed; all of them by default.
   */
  readonly operationGroups?: number;
}

/**
 * One seeded cycle: a random stack across a few vhosts and domains (V3 groups sharing a (vhost, app) with each
 * other and with hand-made groups; V4 relays and callbacks next to hand-made ones; some with `replaceOnChanges`
 * on an updatable field), then up (create) → up (update some, add and remove a few; `replaceOnChanges`
 * replacements) → [renames: with aliases, without (refused), fixed] → [up --replace (refused), fixed with
 * deleteBeforeReplace or adopt] → up (change keys: replacements) [killed, recovered] → [a key moved onto a taken
 * key (refused)] → out-of-band deletes and edits (of managed and hand-made configurations, and a new hand-made
 * one) → refresh → preview (the drift shown field by field) → up → destroy [killed, recovered]. Every key a
 * resource takes by itself is fresh within the cycle, and none collides with a hand-made configuration.
 */
export function generateCycle(seed: number, options: GenerateOptions = {}): ChaosCycle {
  const random = new ChaosRandom(seed);
  const builder = new CycleBuilder(random.fork(1));
  const modes: WorldModes = {
    v3Update: random.pick(["merge", "replace-all"] as const),
    deleteMissing: random.pick(["ok", "error"] as const),
    readAfterWriteDelayMs: random.pick([0, 0, 20, 80]),
    callbackAuthKey: random.pick(["plain", "masked"] as const),
  };
  const faults = faultSchedule(random.fork(2), options.faultScale ?? 1);

  // The new operations draw from a generator of their own: the base cycle of a seed stays what it was.
  const planner = new OperationPlanner(random.fork(3));
  const groups = new Set<OperationGroup>(
    options.operationGroups === undefined
      ? OPERATION_GROUPS
      : planner.pickGroups(OPERATION_GROUPS, options.operationGroups),
  );

  const created = planner.withReplaceOnChanges(
    builder.initialStack(random.int(options.minResources ?? 7, options.maxResources ?? 11)),
  );
  const handMade = builder.handMade(created);
  const updated = builder.updateSome(created);
  const phases: ChaosPhase[] = [
    { kind: "up", label: "create", desired: created },
    {
      kind: "up",
      label: "update",
      desired: updated,
      operations: Array(replaceOnChangesCount(created, updated)).fill("replaceOnChanges"),
    },
  ];
  let current = updated;
  for (const plan of [
    () => (groups.has("renames") ? planner.renames(current) : undefined),
    () => (groups.has("forcedReplace") ? planner.forcedReplace(current) : undefined),
  ]) {
    const planned = plan();
    if (planned === undefined) continue;
    phases.push(...planned.phases);
    current = planned.stack;
  }
  const rekeyed = builder.changeKeys(current);
  phases.push({
    kind: "up",
    label: "change keys",
    desired: rekeyed,
    ...(groups.has("killedUp") ? { killAfterRequests: planner.killPoint() } : {}),
  });
  const move = groups.has("moveOntoTakenKey") ? planner.moveOntoTakenKey(rekeyed, handMade) : undefined;
  if (move !== undefined) phases.push(move);
  const edits = builder.outOfBandEdits(rekeyed, handMade);
  const drift = expectedDrift(rekeyed, edits);
  const drifted = Object.values(drift);
  phases.push(
    { kind: "out-of-band", label: "out-of-band edits", edits },
    { kind: "refresh", label: "refresh" },
    { kind: "preview", label: "preview", desired: rekeyed, drift, operations: drifted.map(() => "driftPreview") },
    {
      kind: "up",
      label: "converge",
      desired: rekeyed,
      operations: drifted.filter((step) => step.op === "replace").map(() => "replaceOnChanges"),
    },
    {
      kind: "destroy",
      label: "destroy",
      ...(groups.has("killedDestroy") ? { killAfterRequests: planner.killPoint() } : {}),
    },
  );
  return { seed, modes, handMade, faults, phases };
}

/** The model the generator keeps while it builds a cycle: keys in use and counters for fresh names. */
class CycleBuilder {
  private readonly usedKeys = new Set<string>();
  private tagCounter = 0;
  private readonly nameCounters: Record<ResourceKind, number> = { RelayGroupV3: 0, FixedRelayV4: 0, LiveCallback: 0 };

  constructor(private readonly random: ChaosRandom) {}

  initialStack(count: number): DesiredStack {
    const stack: DesiredStack = {};
    // Two or three groups share one (vhost, app) configuration: every write must resend the others.
    const hot = { vhost: this.random.pick(VHOSTS), app: this.random.pick(V3_APPS) };
    const sharing = this.random.int(2, 3);
    for (let index = 0; index < sharing; index++) this.addResource(stack, "RelayGroupV3", hot);
    this.addResource(stack, "FixedRelayV4");
    this.addResource(stack, "LiveCallback");
    while (Object.keys(stack).length < count) {
      this.addResource(stack, this.random.pick(["RelayGroupV3", "RelayGroupV3", "FixedRelayV4", "LiveCallback"]));
    }
    return stack;
  }

  /** Hand-made configurations next to the stack's: a group inside a shared configuration, relays, a callback. */
  handMade(stack: DesiredStack): AccountState {
    const account = emptyAccount();
    const v3Configs = Object.values(stack)
      .filter((spec) => spec.kind === "RelayGroupV3")
      .map((spec) => ({ vhost: String(spec.args.vhost), app: String(spec.args.app ?? "") }));
    const groups = this.random.int(1, 3);
    for (let index = 0; index < groups; index++) {
      // The first always sits in a configuration the stack writes to; the others anywhere.
      const where = index === 0 ? this.random.pick(v3Configs) : this.randomV3Config();
      const key = this.freshV3Key(where, "console");
      applyOutOfBand(account, { change: "set-group", owner: { handMade: true }, ...key, servers: this.apiServers() });
    }
    for (let index = this.random.int(1, 2); index > 0; index--) {
      const key = this.freshV4Key("console");
      const relay = { ...key, SrcAddrS: [`rtmp://console-${this.tag()}.example.com/live`], ...this.apiWindow() };
      applyOutOfBand(account, {
        change: "set-relay",
        owner: { handMade: true },
        relay: { ...relay, TaskId: `1611${String(this.tagCounter).padStart(9, "0")}` },
      });
    }
    if (this.random.chance(0.7)) {
      const key = this.freshCallbackKey();
      if (key !== undefined) {
        applyOutOfBand(account, {
          change: "set-callback",
          owner: { handMade: true },
          callback: accountOfStack([{ kind: "LiveCallback", args: { ...key, ...this.callbackSettings(key) } }])
            .callbacks[0] as AccountState["callbacks"][number],
        });
      }
    }
    return account;
  }

  /** About half the resources change settings; one may go, one or two may come. */
  updateSome(previous: DesiredStack): DesiredStack {
    const stack = clone(previous);
    for (const [name, spec] of Object.entries(stack)) {
      if (this.random.chance(0.5)) stack[name] = this.withNewSettings(spec);
    }
    this.addAndRemove(stack);
    return stack;
  }

  /** One to three resources move to a fresh key (a replacement), some with new settings too. */
  changeKeys(previous: DesiredStack): DesiredStack {
    const stack = clone(previous);
    for (const name of this.random.sample(Object.keys(stack), this.random.int(1, 3))) {
      const spec = stack[name] as ResourceSpec;
      const moved = this.withNewKey(spec);
      stack[name] = this.random.chance(0.4) ? this.withNewSettings(moved) : moved;
    }
    this.addAndRemove(stack);
    return stack;
  }

  /** Deletes and edits of managed configurations, and of hand-made ones, plus a new hand-made configuration. */
  outOfBandEdits(stack: DesiredStack, handMade: AccountState): OutOfBandEdit[] {
    const edits: OutOfBandEdit[] = [];
    const names = this.random.shuffle(Object.keys(stack));
    const deletes = this.random.int(1, Math.min(3, names.length));
    const changes = this.random.int(1, Math.min(3, Math.max(1, names.length - deletes)));
    names.slice(0, deletes).forEach((name) => edits.push(this.deleteOf(name, stack[name] as ResourceSpec)));
    names
      .slice(deletes, deletes + changes)
      .forEach((name) => edits.push(this.editOf(name, stack[name] as ResourceSpec)));

    const handMadeLines = [
      ...handMade.relaySourcesV3.flatMap((config) =>
        config.GroupDetails.map((group) => ({ kind: "V3" as const, vhost: config.Vhost, app: config.App, group })),
      ),
      ...handMade.relaySourcesV4.map((relay) => ({ kind: "V4" as const, relay })),
      ...handMade.callbacks.map((callback) => ({ kind: "Callback" as const, callback })),
    ];
    const owner = { handMade: true } as const;
    for (const target of this.random.sample(handMadeLines, this.random.int(0, 2))) {
      const remove = this.random.chance(0.4);
      if (target.kind === "V3") {
        const key = { vhost: target.vhost, app: target.app, group: target.group.Group };
        edits.push(
          remove
            ? { change: "delete-group", owner, ...key }
            : { change: "set-group", owner, ...key, servers: this.apiServers() },
        );
      } else if (target.kind === "V4") {
        const { Domain: domain, App: app, Stream: stream } = target.relay;
        edits.push(
          remove
            ? { change: "delete-relay", owner, domain, app, stream }
            : {
                change: "set-relay",
                owner,
                relay: { ...target.relay, SrcAddrS: [`srt://hand-${this.tag()}.example.com`] },
              },
        );
      } else {
        const { Vhost: vhost, Domain: domain, App: app, MessageType: messageType } = target.callback;
        edits.push(
          remove
            ? { change: "delete-callback", owner, vhost, domain, app, messageType }
            : {
                change: "set-callback",
                owner,
                callback: {
                  ...target.callback,
                  CallbackDetailList: [{ CallbackType: "http", URL: `https://hand-${this.tag()}.example.com/cb` }],
                },
              },
        );
      }
    }
    if (this.random.chance(0.6)) {
      // Someone adds a group to a configuration the stack writes to.
      const where = this.random.pick(
        Object.values(stack)
          .filter((spec) => spec.kind === "RelayGroupV3")
          .map((spec) => ({ vhost: String(spec.args.vhost), app: String(spec.args.app ?? "") }))
          .concat([this.randomV3Config()]),
      );
      edits.push({ change: "set-group", owner, ...this.freshV3Key(where, "later"), servers: this.apiServers() });
    }
    if (this.random.chance(0.4)) {
      const key = this.freshV4Key("later");
      edits.push({
        change: "set-relay",
        owner,
        relay: { ...key, SrcAddrS: [`rtmp://later-${this.tag()}.example.com/live`], ...this.apiWindow(), TaskId: "" },
      });
    }
    return edits;
  }

  private deleteOf(name: string, spec: ResourceSpec): OutOfBandEdit {
    const owner = { resource: name };
    const args = spec.args;
    if (spec.kind === "RelayGroupV3") {
      return {
        change: "delete-group",
        owner,
        vhost: String(args.vhost),
        app: String(args.app ?? ""),
        group: String(args.group),
      };
    }
    if (spec.kind === "FixedRelayV4") {
      return {
        change: "delete-relay",
        owner,
        domain: String(args.domain),
        app: String(args.app),
        stream: String(args.stream),
      };
    }
    return {
      change: "delete-callback",
      owner,
      vhost: String(args.vhost ?? ""),
      domain: String(args.domain ?? ""),
      app: String(args.app ?? ""),
      messageType: String(args.messageType),
    };
  }

  private editOf(name: string, spec: ResourceSpec): OutOfBandEdit {
    const owner = { resource: name };
    const held = accountOfStack([spec]);
    if (spec.kind === "RelayGroupV3") {
      return {
        change: "set-group",
        owner,
        vhost: String(spec.args.vhost),
        app: String(spec.args.app ?? ""),
        group: String(spec.args.group),
        servers: this.apiServers(),
      };
    }
    if (spec.kind === "FixedRelayV4") {
      const relay = held.relaySourcesV4[0] as AccountState["relaySourcesV4"][number];
      return {
        change: "set-relay",
        owner,
        relay: { ...relay, SrcAddrS: [`rtmp://edited-${this.tag()}.example.com/live`], ...this.apiWindow() },
      };
    }
    const callback = held.callbacks[0] as AccountState["callbacks"][number];
    // The auth key is left alone: a masked key cannot be read back, so a changed one would be invisible drift.
    return {
      change: "set-callback",
      owner,
      callback: {
        ...callback,
        CallbackDetailList: [{ CallbackType: "http", URL: `https://edited-${this.tag()}.example.com/cb` }],
        TranscodeCallback: ["push", "push_end"].includes(callback.MessageType) ? 1 - callback.TranscodeCallback : 0,
      },
    };
  }

  private addAndRemove(stack: DesiredStack): void {
    if (Object.keys(stack).length > 4 && this.random.chance(0.4)) {
      delete stack[this.random.pick(Object.keys(stack))];
    }
    for (let count = this.random.int(0, 2); count > 0; count--) {
      this.addResource(stack, this.random.pick(["RelayGroupV3", "FixedRelayV4", "LiveCallback"]));
    }
  }

  private addResource(stack: DesiredStack, kind: ResourceKind, where?: { vhost: string; app: string }): void {
    const prefix = kind === "RelayGroupV3" ? "group" : kind === "FixedRelayV4" ? "relay" : "hook";
    const name = `${prefix}${this.nameCounters[kind]++}`;
    if (kind === "RelayGroupV3") {
      const key = this.freshV3Key(where ?? this.randomV3Config(), "g");
      stack[name] = { kind, args: this.v3Args(key) };
    } else if (kind === "FixedRelayV4") {
      const key = this.freshV4Key("s");
      stack[name] = { kind, args: { domain: key.Domain, app: key.App, stream: key.Stream, ...this.v4Settings() } };
    } else {
      const key = this.freshCallbackKey();
      if (key === undefined) return;
      stack[name] = { kind, args: { ...key, ...this.callbackSettings(key) } };
    }
  }

  private withNewSettings(spec: ResourceSpec): ResourceSpec {
    const args = { ...spec.args };
    if (spec.kind === "RelayGroupV3") {
      args.servers = this.servers();
    } else if (spec.kind === "FixedRelayV4") {
      delete args.startTime;
      delete args.endTime;
      Object.assign(args, this.v4Settings());
    } else {
      for (const key of ["transcodeCallback", "authEnabled", "authKey"]) delete args[key];
      Object.assign(args, this.callbackSettings(args as { messageType: string }));
    }
    return { ...spec, args };
  }

  private withNewKey(spec: ResourceSpec): ResourceSpec {
    const args = { ...spec.args };
    if (spec.kind === "RelayGroupV3") {
      // A new group name in the same configuration, or the same kind of group in another app.
      const where = this.random.chance(0.6)
        ? { vhost: String(args.vhost), app: String(args.app ?? "") }
        : this.randomV3Config();
      return { ...spec, args: { ...this.v3Args(this.freshV3Key(where, "g")), servers: args.servers } };
    }
    if (spec.kind === "FixedRelayV4") {
      const key = this.freshV4Key("s");
      return { ...spec, args: { ...args, domain: key.Domain, app: key.App, stream: key.Stream } };
    }
    const key = this.freshCallbackKey();
    if (key === undefined) return spec;
    for (const field of ["vhost", "domain", "app", "messageType", "transcodeCallback"]) delete args[field];
    const transcode = ["push", "push_end"].includes(key.messageType) && spec.args.transcodeCallback === true;
    return { ...spec, args: { ...args, ...key, ...(transcode ? { transcodeCallback: true } : {}) } };
  }

  private v3Args(key: { vhost: string; app: string; group: string }): Record<string, unknown> {
    // An empty app is sometimes left out: the default must mean the same configuration.
    const app = key.app === "" && this.random.chance(0.5) ? {} : { app: key.app };
    return { vhost: key.vhost, ...app, group: key.group, servers: this.servers() };
  }

  private randomV3Config(): { vhost: string; app: string } {
    return { vhost: this.random.pick(VHOSTS), app: this.random.pick(V3_APPS) };
  }

  private freshV3Key(where: { vhost: string; app: string }, prefix: string) {
    for (;;) {
      const group = `${prefix}${this.tag()}`;
      if (this.claim(`V3 ${where.vhost}/${where.app}/${group}`)) return { ...where, group };
    }
  }

  private freshV4Key(prefix: string) {
    for (;;) {
      const key = {
        Domain: this.random.pick(PLAY_DOMAINS),
        App: this.random.pick(V4_APPS),
        Stream: `${prefix}${this.tag()}`,
      };
      if (this.claim(`V4 ${key.Domain}/${key.App}/${key.Stream}`)) return key;
    }
  }

  /** A callback key nobody has used in this cycle, or undefined when they are all taken. */
  private freshCallbackKey():
    { vhost: string; app?: string; messageType: string } | { domain: string; messageType: string } | undefined {
    for (let attempt = 0; attempt < 20; attempt++) {
      const messageType = this.random.pick(MESSAGE_TYPES);
      if (this.random.chance(0.25)) {
        if (this.claim(`Callback domain:${PUSH_DOMAIN}//${messageType}`)) return { domain: PUSH_DOMAIN, messageType };
        continue;
      }
      const vhost = this.random.pick(VHOSTS);
      const app = this.random.pick(CALLBACK_APPS);
      if (this.claim(`Callback vhost:${vhost}/${app}/${messageType}`)) {
        return app === "" && this.random.chance(0.5) ? { vhost, messageType } : { vhost, app, messageType };
      }
    }
    return undefined;
  }

  private claim(key: string): boolean {
    if (this.usedKeys.has(key)) return false;
    this.usedKeys.add(key);
    return true;
  }

  private servers(): Record<string, unknown>[] {
    return Array.from({ length: this.random.int(1, 3) }, () => {
      const port = this.random.chance(0.3) ? `:${this.random.int(1935, 1999)}` : "";
      const params = this.random.chance(0.3) ? { params: { token: `t${this.tag()}` } } : {};
      return {
        protocol: this.random.pick(["rtmp", "flv"]),
        domain: `origin-${this.tag()}.example.com${port}`,
        ...params,
      };
    });
  }

  private apiServers(): ApiRelayServer[] {
    return accountOfStack([{ kind: "RelayGroupV3", args: { vhost: "x", group: "x", servers: this.servers() } }])
      .relaySourcesV3[0]?.GroupDetails[0]?.Servers as ApiRelayServer[];
  }

  private v4Settings(): Record<string, unknown> {
    const sourceUrls = Array.from(
      { length: this.random.int(1, 2) },
      () => `${this.random.pick(["rtmp", "srt", "https"])}://studio-${this.tag()}.example.com/live`,
    );
    const { StartTime: start, EndTime: end } = this.apiWindow();
    if (start === 0) return { sourceUrls };
    // Times as Unix seconds or as ISO-8601 strings: both must be stored and compared as the same seconds.
    const form = this.random.chance(0.5)
      ? (value: number) => value
      : (value: number) => new Date(value * 1000).toISOString().replace(".000Z", "Z");
    return { sourceUrls, startTime: form(start), endTime: form(end) };
  }

  private apiWindow(): { StartTime: number; EndTime: number } {
    if (this.random.chance(0.4)) return { StartTime: 0, EndTime: 0 };
    const start = WINDOW_BASE + this.random.int(0, 500) * 3600;
    return { StartTime: start, EndTime: start + this.random.int(1, 7 * 24) * 3600 };
  }

  private callbackSettings(key: { messageType: string }): Record<string, unknown> {
    const settings: Record<string, unknown> = {
      callbacks: Array.from({ length: this.random.int(1, 2) }, () => ({
        url: `https://hooks-${this.tag()}.example.com/${key.messageType}`,
      })),
    };
    if (["push", "push_end"].includes(key.messageType) && this.random.chance(0.5)) settings.transcodeCallback = true;
    if (this.random.chance(0.4)) {
      settings.authEnabled = true;
      settings.authKey = `key-${this.tag()}`;
    }
    return settings;
  }

  private tag(): string {
    this.tagCounter += 1;
    return String(this.tagCounter);
  }
}

function clone(stack: DesiredStack): DesiredStack {
  return structuredClone(stack);
}
