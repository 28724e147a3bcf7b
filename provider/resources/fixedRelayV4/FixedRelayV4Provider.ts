import type * as pulumi from "@pulumi/pulumi";
import { listAllRelaySourcesV4 } from "../../api/listAllRelaySourcesV4";
import {
  createRelaySourceV4,
  deleteRelaySourceV4,
  type RelaySourceV4Item,
  updateRelaySourceV4,
} from "../../api/relaySourceV4";
import { AmbiguousResultError } from "../../errors/AmbiguousResultError";
import { PartialFailureError } from "../../errors/PartialFailureError";
import { ConfigurationProvider } from "../../dynamic/ConfigurationProvider";
import { deleteConfiguration } from "../../dynamic/deleteConfiguration";
import { jsonClean } from "../../dynamic/jsonClean";
import { lookedUp } from "../../dynamic/lookedUp";
import { lookupKey } from "../../dynamic/lookupKey";
import { type LookupMark, lookupMark } from "../../dynamic/lookupMark";
import { parseStored } from "../../dynamic/parseStored";
import type { ProviderRuntime } from "../../dynamic/ProviderRuntime";
import { readWithGuard } from "../../dynamic/readWithGuard";
import { reconcileWrite } from "../../dynamic/reconcileWrite";
import {
  type FixedRelayV4Inputs,
  fixedRelayV4Id,
  fixedRelayV4InputsSchema,
  fixedRelayV4KeyOfId,
} from "./fixedRelayV4Inputs";
import { fromApiItem, sameSpec, toApiSpec } from "./fixedRelayV4Mapping";

const KIND = "FixedRelayV4";
/** What `taskId` holds when the TaskId cannot be known: adopted relays, and creates whose answer was lost. */
const UNKNOWN_TASK_ID = "";
const SPEC = {
  kind: KIND,
  schema: fixedRelayV4InputsSchema,
  replaceKeys: ["domain", "app", "stream"],
  updateKeys: ["sourceUrls", "startTime", "endTime"],
  idOf: fixedRelayV4Id,
} as const;

/**
 * A fixed relay, keyed by (Domain, App, Stream). Only CreateRelaySourceV4 returns the TaskId and it is never
 * listed, so it is kept in state across updates and refreshes. A create whose outcome is unknown is reconciled by
 * listing the domain, never by creating blindly again.
 */
export class FixedRelayV4Provider extends ConfigurationProvider<typeof SPEC.schema> {
  constructor(runtime: ProviderRuntime) {
    super(runtime, SPEC);
  }

  async create(inputs: Record<string, unknown>) {
    const desired = parse(inputs);
    const id = fixedRelayV4Id(desired);
    const taskId = await this.runtime.locks.run(lockKey(desired), async () => {
      const existing = await this.find(desired, true);
      if (existing === undefined)
        return this.runtime.ledger.writing(KIND, id, "create", () => this.createOnce(id, desired));
      // Handed over by this stack's replaced resource: the relay and its TaskId carry on.
      const { handedOver } = this.runtime.ledger.admit(KIND, id, desired.adopt);
      const carried = handedOver === undefined ? UNKNOWN_TASK_ID : taskIdOf(handedOver);
      return this.runtime.ledger.writing(KIND, id, "create", async () => {
        if (!sameSpec(existing, desired))
          await this.updateVerified(desired, { ...fromApiItem(existing), adopt: true }, carried);
        return carried;
      });
    });
    return { id, outs: outputs(desired, taskId) };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const mark = lookupMark(props);
    if (mark !== undefined) return this.lookUp(id, mark, props);
    const key = parse(props);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.find(key, fresh));
    if (found === undefined) {
      return { id: "" };
    }
    const held = { ...fromApiItem(found), adopt: key.adopt };
    // As inputs too: drift is then in the recorded inputs, which `preview --diff` compares field by field.
    return { id, props: outputs(held, taskIdOf(props)), inputs: jsonClean({ ...held }) };
  }

  /**
   * `FixedRelayV4.get` (or a refresh of what one recorded, see lookupMark): the relay the ID names, as the service
   * lists it. The TaskId is never listed: it comes from the state given to get, else it is unknown.
   */
  private async lookUp(id: string, mark: LookupMark, state: Record<string, unknown>) {
    const key = lookupKey(KIND, id, fixedRelayV4KeyOfId(id), SPEC.replaceKeys, state);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.find(key, fresh));
    return lookedUp(KIND, id, mark, found && outputs({ ...fromApiItem(found), adopt: false }, taskIdOf(state)));
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const desired = parse(news);
    const taskId = taskIdOf(olds);
    const id = fixedRelayV4Id(desired);
    await this.runtime.locks.run(lockKey(desired), () =>
      this.runtime.ledger.writing(KIND, id, "update", () => this.updateVerified(desired, parse(olds), taskId)),
    );
    return { outs: outputs(desired, taskId) };
  }

  async delete(_id: string, props: Record<string, unknown>) {
    const key = parse(props);
    await this.runtime.locks.run(lockKey(key), () =>
      deleteConfiguration(this.runtime, {
        kind: KIND,
        outputs: props,
        key,
        idOf: fixedRelayV4Id,
        isPresentAt: async (at) => (await this.find(at, true)) !== undefined,
        send: () => deleteRelaySourceV4(this.runtime.client, { Domain: key.domain, App: key.app, Stream: key.stream }),
        invalidate: () => this.runtime.reads.invalidate(cacheKey(key.domain)),
      }),
    );
  }

  private async createOnce(id: string, desired: FixedRelayV4Inputs): Promise<string> {
    try {
      return (await this.send(desired, "create")) ?? UNKNOWN_TASK_ID;
    } catch (error) {
      if (!(error instanceof AmbiguousResultError)) throw error;
      // The create may have happened: look before doing anything else. A look that fails is not an answer: the
      // next one is (failing here while the relay exists would leave a relay no state records).
      const found = await this.lookAfterLostAnswer(desired);
      if (found !== undefined) {
        if (sameSpec(found, desired)) return UNKNOWN_TASK_ID;
        throw new PartialFailureError(id, outputs(desired, UNKNOWN_TASK_ID), error);
      }
      // Absent after the guard: it did not happen. One more create; if the service then reports a duplicate,
      // the first one did land after all and is ours.
      try {
        return (await this.send(desired, "create")) ?? UNKNOWN_TASK_ID;
      } catch (retryError) {
        // This create's answer may be lost too: look as long as the first time, since a lagging read may not
        // show it yet.
        const late = await this.lookAfterLostAnswer(desired);
        if (late !== undefined && sameSpec(late, desired)) return UNKNOWN_TASK_ID;
        throw retryError;
      }
    }
  }

  /** The relay at the key after a create's answer was lost, read through the guard; a failed read counts as unseen. */
  private lookAfterLostAnswer(desired: FixedRelayV4Inputs): Promise<RelaySourceV4Item | undefined> {
    return readWithGuard(this.runtime.readGuardDelaysMs, () => this.find(desired, true).catch(() => undefined));
  }

  /** UpdateRelaySourceV4, reconciled with what the service holds when it fails (see reconcileWrite). */
  private updateVerified(desired: FixedRelayV4Inputs, previous: FixedRelayV4Inputs, taskId: string): Promise<void> {
    return reconcileWrite(this.runtime.readGuardDelaysMs, {
      id: fixedRelayV4Id(desired),
      send: async () => {
        await this.send(desired, "update");
      },
      readHeld: () => this.find(desired, true),
      isDeclared: (held) => sameSpec(held, desired),
      isPrevious: (held) => sameSpec(held, previous),
      outputsOf: (held) => outputs({ ...fromApiItem(held), adopt: desired.adopt }, taskId),
    });
  }

  private async send(desired: FixedRelayV4Inputs, mode: "create" | "update"): Promise<string | undefined> {
    try {
      if (mode === "create") {
        return (await createRelaySourceV4(this.runtime.client, toApiSpec(desired))).TaskId;
      }
      await updateRelaySourceV4(this.runtime.client, toApiSpec(desired));
      return undefined;
    } finally {
      this.runtime.reads.invalidate(cacheKey(desired.domain));
    }
  }

  private async find(key: Pick<FixedRelayV4Inputs, "domain" | "app" | "stream">, fresh: boolean) {
    const items = (await this.runtime.reads.get(
      cacheKey(key.domain),
      () => listAllRelaySourcesV4(this.runtime.client, key.domain),
      { fresh },
    )) as RelaySourceV4Item[];
    return items.find((item) => item.App === key.app && item.Stream === key.stream);
  }
}

function parse(values: Record<string, unknown>): FixedRelayV4Inputs {
  return parseStored(fixedRelayV4InputsSchema, values);
}

function taskIdOf(values: Record<string, unknown>): string {
  return typeof values.taskId === "string" ? values.taskId : UNKNOWN_TASK_ID;
}

function outputs(inputs: FixedRelayV4Inputs, taskId: string): Record<string, unknown> {
  return jsonClean({ ...inputs, taskId });
}

function lockKey(key: Pick<FixedRelayV4Inputs, "domain" | "app" | "stream">): string {
  return `v4\n${key.domain}\n${key.app}\n${key.stream}`;
}

function cacheKey(domain: string): string {
  return `v4\n${domain}`;
}
