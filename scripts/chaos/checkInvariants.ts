import type { AccountState } from "../../emulator/world/WorldState";
import { accountOfStack } from "./accountOfStack";
import type { DesiredStack, ResourceSpec } from "./ChaosCycle";
import type { RecordedResource } from "./ChaosDriver";
import { configLines } from "./configLines";

export interface InvariantInput {
  /** The command that just converged. */
  readonly command: "up" | "refresh" | "destroy";
  /** What the program declared, for `up`. */
  readonly desired?: DesiredStack;
  /** The emulator's committed state of the stack's account. */
  readonly actual: AccountState;
  /** The hand-made configurations as they must be now (out-of-band edits of them included). */
  readonly handMade: AccountState;
  readonly recorded: readonly RecordedResource[];
  /** CreateRelaySourceV4 requests that created a relay during the command's runs, by `V4 domain/app/stream`. */
  readonly appliedCreates: ReadonlyMap<string, number>;
  /** V4 keys the service held before the command's first run. */
  readonly v4KeysBefore: ReadonlySet<string>;
  /** Every configuration key the service held before the command's first run. */
  readonly keysBefore?: ReadonlySet<string>;
  /** Configuration keys that deletes applied during the command's runs removed (requestKeys.deletedKeys). */
  readonly deleted?: ReadonlySet<string>;
}

/**
 * The invariants after a command converged, each violation as one line:
 * - the service holds what the command promises: after `up` the declared stack, after `refresh` what the state
 *   records (old halves of replacements still to be deleted included), after `destroy` nothing of the stack; plus every hand-made configuration, unchanged, and nothing else
 *   (no orphan, no lost group);
 * - the state records exactly that: after `up` the declared resources with the declared settings and no
 *   half-finished replacement or partial failure, after `destroy` nothing; a recorded TaskId is the service's;
 * - no key is held twice, and no V4 relay was created more often than it came into existence (no leaked create);
 * - after `up`, no configuration held before and after it was deleted in between: a replacement at the same key
 *   hands the configuration over, it never deletes and re-makes it.
 */
export function checkInvariants(input: InvariantInput): string[] {
  const violations: string[] = [];
  const actual = configLines(input.actual);
  for (const key of actual.duplicates) violations.push(`duplicate: ${key} is held more than once`);

  for (const [key, count] of input.appliedCreates) {
    const born = !input.v4KeysBefore.has(key) && actual.lines.has(key) ? 1 : 0;
    if (count > born) {
      violations.push(`leaked create: ${key} was created ${count} times, expected ${born}`);
    }
  }

  if (input.command === "up") {
    for (const key of input.deleted ?? []) {
      if (input.keysBefore?.has(key) && actual.lines.has(key)) {
        violations.push(`re-made: ${key} was held before and after the up, yet deleted during it`);
      }
    }
  }

  violations.push(...handMadeViolations(input.actual, input.handMade));

  const live = input.recorded.filter((entry) => !entry.pendingDelete && !entry.pendingReplacement);
  let managed: ResourceSpec[];
  if (input.command === "up") {
    const desired = input.desired ?? {};
    managed = Object.values(desired);
    violations.push(...recordedVersusDesired(input.recorded, desired));
  } else if (input.command === "refresh") {
    // An old half of a replacement still awaiting its delete is recorded too; one pending replacement is not (the
    // engine holds it as already deleted).
    managed = input.recorded
      .filter((entry) => !entry.pendingReplacement)
      .map((entry) => ({ kind: entry.kind, args: entry.outputs }));
  } else {
    managed = [];
    for (const entry of input.recorded) violations.push(`state: ${entry.name} is still recorded after destroy`);
  }

  const expected = configLines(merge(input.handMade, accountOfStack(managed))).lines;
  for (const [key, value] of expected) {
    const held = actual.lines.get(key);
    if (held === undefined) violations.push(`lost: ${key} is missing (expected ${value})`);
    else if (held !== value) violations.push(`differs: ${key} holds ${held}, expected ${value}`);
  }
  for (const key of actual.lines.keys()) {
    if (!expected.has(key)) violations.push(`orphan: ${key} is held but neither recorded nor hand-made`);
  }

  for (const entry of live) {
    if (entry.kind !== "FixedRelayV4") continue;
    const taskId = entry.outputs.taskId;
    if (typeof taskId !== "string" || taskId === "") continue;
    const relay = input.actual.relaySourcesV4.find(
      (item) =>
        item.Domain === entry.outputs.domain && item.App === entry.outputs.app && item.Stream === entry.outputs.stream,
    );
    if (relay !== undefined && relay.TaskId !== taskId) {
      violations.push(`taskId: ${entry.name} records ${taskId}, the service's relay has ${relay.TaskId}`);
    }
  }
  return violations;
}

/** Every hand-made configuration is held with its settings: checked after every run, failed runs included. */
export function handMadeViolations(actual: AccountState, handMade: AccountState): string[] {
  const held = configLines(actual).lines;
  const violations: string[] = [];
  for (const [key, value] of configLines(handMade).lines) {
    const found = held.get(key);
    if (found === undefined) violations.push(`hand-made lost: ${key} (${value})`);
    else if (found !== value) violations.push(`hand-made changed: ${key} holds ${found}, expected ${value}`);
  }
  return violations;
}

/** After `up`: exactly the declared resources, each recorded with the declared settings and nothing pending. */
function recordedVersusDesired(recorded: readonly RecordedResource[], desired: DesiredStack): string[] {
  const violations: string[] = [];
  for (const entry of recorded) {
    if (entry.pendingDelete) violations.push(`state: ${entry.name} (${entry.id}) is still pending deletion`);
    if (entry.pendingReplacement) violations.push(`state: ${entry.name} (${entry.id}) is still pending replacement`);
    if (entry.initErrors) violations.push(`state: ${entry.name} is recorded with a partial failure`);
  }
  const live = recorded.filter((entry) => !entry.pendingDelete && !entry.pendingReplacement);
  for (const [name, spec] of Object.entries(desired)) {
    const matches = live.filter((entry) => entry.name === name);
    if (matches.length !== 1) {
      violations.push(`state: ${name} is recorded ${matches.length} times`);
      continue;
    }
    const entry = matches[0] as RecordedResource;
    const want = [...configLines(accountOfStack([spec])).lines].join(" ");
    const got = [...configLines(accountOfStack([{ kind: entry.kind, args: entry.outputs }])).lines].join(" ");
    if (want !== got) violations.push(`state: ${name} records ${got}, declared ${want}`);
  }
  for (const entry of live) {
    if (!(entry.name in desired)) violations.push(`state: ${entry.name} is recorded but not declared`);
  }
  return violations;
}

function merge(...accounts: AccountState[]): AccountState {
  return {
    relaySourcesV3: accounts.flatMap((account) => structuredClone(account.relaySourcesV3)),
    relaySourcesV4: accounts.flatMap((account) => structuredClone(account.relaySourcesV4)),
    callbacks: accounts.flatMap((account) => structuredClone(account.callbacks)),
  };
}
