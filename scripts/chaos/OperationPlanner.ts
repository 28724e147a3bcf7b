import type { AccountState } from "../../emulator/world/WorldState";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { ChaosPhase, DesiredStack, Operation, ResourceSpec } from "./ChaosCycle";
import type { ChaosRandom } from "./ChaosRandom";

/** The optional groups of operations a cycle may perform; the real-CLI runs pick a few per cycle. */
export const OPERATION_GROUPS = ["renames", "forcedReplace", "moveOntoTakenKey", "killedUp", "killedDestroy"] as const;
export type OperationGroup = (typeof OPERATION_GROUPS)[number];

/** The field of each kind that is updatable in place, named in `replaceOnChanges`. */
export const UPDATABLE_FIELD: Record<ResourceKind, string> = {
  RelayGroupV3: "servers",
  FixedRelayV4: "sourceUrls",
  LiveCallback: "callbacks",
};

/** The fields that make up each kind's key. */
const KEY_FIELDS: Record<ResourceKind, readonly string[]> = {
  RelayGroupV3: ["vhost", "app", "group"],
  FixedRelayV4: ["domain", "app", "stream"],
  LiveCallback: ["vhost", "domain", "app", "messageType"],
};

const TRANSCODE_TYPES = ["push", "push_end"];

/** A stack change and the phases that perform it. */
export interface PlannedOperation {
  readonly phases: ChaosPhase[];
  /** What the program declares once the operation (and its fix, if any) is done. */
  readonly stack: DesiredStack;
}

/**
 * Plans the Pulumi operations beyond plain creates, updates and key changes, from its own seeded generator: resource
 * options (`replaceOnChanges`, `aliases`, `deleteBeforeReplace`), renames, forced replacements and key moves onto
 * keys already taken. A step that must be refused carries `expect: "conflict"`; the documented fix follows it.
 */
export class OperationPlanner {
  private renameCount = 0;

  constructor(private readonly random: ChaosRandom) {}

  /** `count` of the groups, in their own order. */
  pickGroups(groups: readonly OperationGroup[], count: number): OperationGroup[] {
    const picked = new Set(this.random.sample(groups, count));
    return groups.filter((group) => picked.has(group));
  }

  /** About a third of the resources declare `replaceOnChanges` on their updatable field. */
  withReplaceOnChanges(stack: DesiredStack): DesiredStack {
    return Object.fromEntries(
      Object.entries(stack).map(([name, spec]) => [
        name,
        this.random.chance(0.35) ? withOptions(spec, { replaceOnChanges: [UPDATABLE_FIELD[spec.kind]] }) : spec,
      ]),
    );
  }

  /**
   * A rename with `aliases` (the engine finds the old state: nothing is sent), then a rename without: the new
   * name's create finds the key taken and must be refused before any write; the fix is to add the aliases (again
   * nothing is sent) or to set `adopt: true` (the new resource takes the configuration over, the old one's delete
   * leaves it alone).
   */
  renames(stack: DesiredStack): PlannedOperation {
    const aliased = structuredClone(stack);
    const first = this.random.pick(Object.keys(aliased));
    const firstName = this.renamed(first);
    const firstSpec = aliased[first] as ResourceSpec;
    delete aliased[first];
    aliased[firstName] = withOptions(firstSpec, {
      aliases: [...(firstSpec.opts?.aliases ?? []), { name: first }],
    });

    const refused = structuredClone(aliased);
    const second = this.random.pick(Object.keys(refused).filter((name) => name !== firstName));
    const secondName = this.renamed(second);
    const secondSpec = refused[second] as ResourceSpec;
    delete refused[second];
    refused[secondName] = secondSpec;

    const fixed = structuredClone(refused);
    const byAliases = this.random.chance(0.5);
    fixed[secondName] = byAliases
      ? withOptions(secondSpec, { aliases: [...(secondSpec.opts?.aliases ?? []), { name: second }] })
      : { ...secondSpec, args: { ...secondSpec.args, adopt: true } };

    return {
      stack: fixed,
      phases: [
        {
          kind: "up",
          label: "rename with aliases",
          desired: aliased,
          expect: "no-writes",
          operations: ["renameWithAliases"],
        },
        {
          kind: "up",
          label: "rename without aliases",
          desired: refused,
          expect: "conflict",
          operations: ["renameWithoutAliases"],
        },
        byAliases
          ? {
              kind: "up",
              label: "rename fixed by aliases",
              desired: fixed,
              expect: "no-writes",
              operations: ["renameFixedByAliases"],
            }
          : { kind: "up", label: "rename fixed by adopt", desired: fixed, operations: ["renameFixedByAdopt"] },
      ],
    };
  }

  /**
   * `pulumi up --replace` of one resource: the engine creates the replacement first, at the same key, so the
   * create must be refused before any write; then the same with `deleteBeforeReplace: true` (the delete hands
   * the configuration to the create) or with `adopt: true` (the create takes it over, the delete leaves it).
   */
  forcedReplace(stack: DesiredStack): PlannedOperation | undefined {
    const candidates = Object.keys(stack).filter((name) => !takesOver(stack[name] as ResourceSpec));
    if (candidates.length === 0) return undefined;
    const name = this.random.pick(candidates);
    const spec = stack[name] as ResourceSpec;
    const fixed = structuredClone(stack);
    const deleteFirst = this.random.chance(0.5);
    fixed[name] = deleteFirst
      ? withOptions(spec, { deleteBeforeReplace: true })
      : { ...spec, args: { ...spec.args, adopt: true } };
    return {
      stack: fixed,
      phases: [
        {
          kind: "up",
          label: "up --replace",
          desired: stack,
          replace: [name],
          expect: "conflict",
          operations: ["forcedReplace"],
        },
        {
          kind: "up",
          label: `up --replace with ${deleteFirst ? "deleteBeforeReplace" : "adopt"}`,
          desired: fixed,
          replace: [name],
          operations: [deleteFirst ? "forcedReplaceDeleteFirst" : "forcedReplaceAdopt"],
        },
      ],
    };
  }

  /**
   * One resource moves onto a key already taken, by a hand-made configuration or by another resource of the
   * stack: the up must be refused before the old configuration is deleted (also with `deleteBeforeReplace`),
   * leaving state and service as they were. The program then goes back to `stack`.
   */
  moveOntoTakenKey(stack: DesiredStack, handMade: AccountState): ChaosPhase | undefined {
    const targets: { kind: ResourceKind; key: Record<string, unknown>; handMade: boolean; owner?: string }[] = [
      ...handMade.relaySourcesV3.flatMap((config) =>
        config.GroupDetails.map((group) => ({
          kind: "RelayGroupV3" as const,
          key: { vhost: config.Vhost, app: config.App, group: group.Group },
          handMade: true,
        })),
      ),
      ...handMade.relaySourcesV4.map((relay) => ({
        kind: "FixedRelayV4" as const,
        key: { domain: relay.Domain, app: relay.App, stream: relay.Stream },
        handMade: true,
      })),
      ...handMade.callbacks.map((callback) => ({
        kind: "LiveCallback" as const,
        key:
          callback.Domain !== ""
            ? { domain: callback.Domain, messageType: callback.MessageType }
            : { vhost: callback.Vhost, app: callback.App, messageType: callback.MessageType },
        handMade: true,
      })),
      ...Object.entries(stack).map(([owner, spec]) => ({
        kind: spec.kind,
        key: Object.fromEntries(
          KEY_FIELDS[spec.kind].filter((field) => spec.args[field] !== undefined).map((f) => [f, spec.args[f]]),
        ),
        handMade: false,
        owner,
      })),
    ];
    // A resource with `adopt: true` would take the key over: that is what adopt is for, not a conflict.
    const moves = Object.entries(stack).flatMap(([name, spec]) =>
      takesOver(spec)
        ? []
        : targets
            .filter((target) => target.kind === spec.kind && target.owner !== name)
            .map((target) => ({ name, target })),
    );
    if (moves.length === 0) return undefined;
    const { name, target } = this.random.pick(moves);
    const spec = stack[name] as ResourceSpec;
    const args = { ...spec.args };
    for (const field of KEY_FIELDS[spec.kind]) delete args[field];
    Object.assign(args, target.key);
    if (spec.kind === "LiveCallback" && !TRANSCODE_TYPES.includes(String(target.key.messageType))) {
      delete args.transcodeCallback;
    }
    const operations: Operation[] = [target.handMade ? "moveOntoHandMade" : "moveOntoStack"];
    if (spec.opts?.deleteBeforeReplace === true) operations.push("moveDeleteFirst");
    return {
      kind: "up",
      label: `move onto ${target.handMade ? "a hand-made" : `${target.owner}'s`} key`,
      desired: { ...structuredClone(stack), [name]: { ...spec, args } },
      expect: "conflict",
      operations,
    };
  }

  /** SIGKILL once the service has seen 1–10 requests of the command (under the real CLI only). */
  killPoint(): number {
    return this.random.int(1, 10);
  }

  /** `group3` → `group3-r1`: a name no resource of the cycle had. */
  private renamed(name: string): string {
    this.renameCount += 1;
    return `${name.replace(/-r\d+$/, "")}-r${this.renameCount}`;
  }
}

/**
 * How many `replaceOnChanges` replacements an up from `before` to `after` performs: resources under the same name
 * and key whose option names a field that changed.
 */
export function replaceOnChangesCount(before: DesiredStack, after: DesiredStack): number {
  return Object.entries(after).filter(([name, spec]) => {
    const previous = before[name];
    if (previous === undefined || previous.kind !== spec.kind) return false;
    const same = (field: string) =>
      JSON.stringify(previous.args[field] ?? "") === JSON.stringify(spec.args[field] ?? "");
    if (!KEY_FIELDS[spec.kind].every(same)) return false;
    return (spec.opts?.replaceOnChanges ?? []).some((field) => !same(field));
  }).length;
}

function withOptions(spec: ResourceSpec, options: ResourceSpec["opts"]): ResourceSpec {
  return { ...spec, opts: { ...spec.opts, ...options } };
}

function takesOver(spec: ResourceSpec): boolean {
  return spec.args.adopt === true;
}
