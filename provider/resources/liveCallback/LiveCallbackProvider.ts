import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type CallbackConfig, deleteCallback, describeCallback, updateCallback } from "../../api/callback";
import { ConfigurationProvider } from "../../dynamic/ConfigurationProvider";
import { deleteConfiguration } from "../../dynamic/deleteConfiguration";
import { canonical } from "../../dynamic/diffInputs";
import { jsonClean } from "../../dynamic/jsonClean";
import { lookedUp } from "../../dynamic/lookedUp";
import { lookupKey } from "../../dynamic/lookupKey";
import { type LookupMark, lookupMark } from "../../dynamic/lookupMark";
import { parseStored } from "../../dynamic/parseStored";
import type { ProviderRuntime } from "../../dynamic/ProviderRuntime";
import { readWithGuard } from "../../dynamic/readWithGuard";
import { reconcileWrite } from "../../dynamic/reconcileWrite";
import {
  type LiveCallbackInputs,
  liveCallbackId,
  liveCallbackInputsSchema,
  liveCallbackKeyOfId,
} from "./liveCallbackInputs";
import { fromApiConfig, isMaskedKey, scopeOf, toApiKey, toApiRequest } from "./liveCallbackMapping";

const KIND = "LiveCallback";
/**
 * Recorded state, read without the rules that bind what a program declares: it is what the service held, e.g.
 * auth turned on out of band with a key the service masks. Refusing it would leave the resource stuck, unable to
 * update, refresh or delete.
 */
const recordedSchema = z.strictObject(liveCallbackInputsSchema.shape);
const SPEC = {
  kind: KIND,
  schema: liveCallbackInputsSchema,
  replaceKeys: ["vhost", "domain", "app", "messageType"],
  updateKeys: ["callbacks", "transcodeCallback", "authEnabled", "authKey"],
  idOf: liveCallbackId,
} as const;

/**
 * A stream event callback, keyed by (Vhost | Domain, App, MessageType). UpdateCallback replaces the whole
 * configuration at its key, so a create first checks that nothing is there (or that `adopt` allows taking it).
 */
export class LiveCallbackProvider extends ConfigurationProvider<typeof SPEC.schema> {
  constructor(runtime: ProviderRuntime) {
    super(runtime, SPEC);
  }

  async create(inputs: Record<string, unknown>) {
    const desired = parse(inputs);
    const id = liveCallbackId(desired);
    await this.runtime.locks.run(lockKey(desired), async () => {
      const existing = await this.find(desired, true);
      if (existing !== undefined) this.runtime.ledger.admit(KIND, id, desired.adopt);
      await this.runtime.ledger.writing(KIND, id, "create", () =>
        this.write(desired, existing === undefined ? undefined : fromApiConfig(existing, desired)),
      );
    });
    return { id, outs: outputs(desired) };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const mark = lookupMark(props);
    if (mark !== undefined) return this.lookUp(id, mark, props);
    const stored = parseRecorded(props);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.find(stored, fresh));
    if (found === undefined) {
      return { id: "" };
    }
    const held = outputs(fromApiConfig(found, stored));
    // As inputs too, so `preview --diff` shows drift field by field. A key read back where state recorded none
    // stays out of the inputs: the engine keeps an input secret only when the old input was one, and
    // `authEnabled` already shows the drift.
    const { authKey, ...rest } = held;
    return { id, props: held, inputs: stored.authKey === undefined ? rest : { ...rest, authKey } };
  }

  /**
   * `LiveCallback.get` (or a refresh of what one recorded, see lookupMark): the configuration the ID names, as the
   * service describes it. A key the service masks comes from the state given to get (or recorded by it), else it is
   * left out (`authEnabled` still shows whether callbacks are signed).
   */
  private async lookUp(id: string, mark: LookupMark, state: Record<string, unknown>) {
    const key = lookupKey(KIND, id, liveCallbackKeyOfId(id), SPEC.replaceKeys, state);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.find(key, fresh));
    const authKey = typeof state.authKey === "string" ? state.authKey : undefined;
    return lookedUp(KIND, id, mark, found && outputs(fromApiConfig(found, { ...key, authKey, adopt: false })));
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const desired = parse(news);
    await this.runtime.locks.run(lockKey(desired), () =>
      this.runtime.ledger.writing(KIND, liveCallbackId(desired), "update", () =>
        this.write(desired, parseRecorded(olds)),
      ),
    );
    return { outs: outputs(desired) };
  }

  async delete(_id: string, props: Record<string, unknown>) {
    const key = parseRecorded(props);
    await this.runtime.locks.run(lockKey(key), () =>
      deleteConfiguration(this.runtime, {
        kind: KIND,
        outputs: props,
        key,
        idOf: liveCallbackId,
        isPresentAt: async (at) => (await this.find(at, true)) !== undefined,
        send: () => deleteCallback(this.runtime.client, toApiKey(key)),
        invalidate: () => this.runtime.reads.invalidate(cacheKey(key)),
      }),
    );
  }

  /**
   * Writes the full configuration, reconciled with what the service holds when that fails (see reconcileWrite).
   * A masked key is read as the key of whichever configuration the answer is compared with, and a changed key it
   * hides cannot count as landed.
   */
  private write(desired: LiveCallbackInputs, previous: LiveCallbackInputs | undefined): Promise<void> {
    const keyUnconfirmed = (config: CallbackConfig) =>
      previous !== undefined && previous.authKey !== desired.authKey && !keyIsReadable(config);
    return reconcileWrite(this.runtime.readGuardDelaysMs, {
      id: liveCallbackId(desired),
      send: async () => {
        try {
          await updateCallback(this.runtime.client, toApiRequest(desired));
        } finally {
          this.runtime.reads.invalidate(cacheKey(desired));
        }
      },
      readHeld: () => this.find(desired, true),
      isDeclared: (config) =>
        !keyUnconfirmed(config) && canonical(fromApiConfig(config, desired)) === canonical(desired),
      isPrevious: (config) =>
        previous !== undefined && canonical(fromApiConfig(config, previous)) === canonical(previous),
      outputsOf: (config) => outputs(fromApiConfig(config, previous ?? desired)),
    });
  }

  /** Reads the whole scope (one call serves every callback of a Vhost or Domain), then picks the key. */
  private async find(key: Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">, fresh: boolean) {
    const list = (await this.runtime.reads.get(
      cacheKey(key),
      async () => (await describeCallback(this.runtime.client, scopeOf(key))).CallbackList,
      { fresh },
    )) as CallbackConfig[];
    const app = key.domain !== undefined ? "" : key.app;
    return list.find((config) => config.App === app && config.MessageType === key.messageType);
  }
}

function parse(values: Record<string, unknown>): LiveCallbackInputs {
  return parseStored(liveCallbackInputsSchema, values);
}

function parseRecorded(values: Record<string, unknown>): LiveCallbackInputs {
  return parseStored(recordedSchema, values);
}

function outputs(inputs: LiveCallbackInputs): Record<string, unknown> {
  return jsonClean({ ...inputs });
}

/** Whether a described configuration shows its key: not masked, not left out ("" shows there is none). */
function keyIsReadable(config: CallbackConfig): boolean {
  return config.AuthKeyPrimary !== undefined && !isMaskedKey(config.AuthKeyPrimary);
}

function lockKey(key: Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">): string {
  return `callback\n${key.domain !== undefined ? `domain:${key.domain}` : `vhost:${key.vhost}`}\n${key.app}\n${key.messageType}`;
}

function cacheKey(key: Pick<LiveCallbackInputs, "vhost" | "domain">): string {
  return `callback\n${key.domain !== undefined ? `domain:${key.domain}` : `vhost:${key.vhost}`}`;
}
