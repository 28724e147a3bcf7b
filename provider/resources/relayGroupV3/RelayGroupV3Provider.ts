import type * as pulumi from "@pulumi/pulumi";
import {
  deleteRelaySourceV3,
  describeRelaySourceV3,
  type RelaySourceV3Config,
  updateRelaySourceV3,
} from "../../api/relaySourceV3";
import { ConfigurationProvider } from "../../dynamic/ConfigurationProvider";
import { deleteConfiguration } from "../../dynamic/deleteConfiguration";
import { canonical } from "../../dynamic/diffInputs";
import { jsonClean } from "../../dynamic/jsonClean";
import { lookedUp } from "../../dynamic/lookedUp";
import { lookupKey } from "../../dynamic/lookupKey";
import { type LookupMark, lookupMark } from "../../dynamic/lookupMark";
import type { ProviderRuntime } from "../../dynamic/ProviderRuntime";
import { parseStored } from "../../dynamic/parseStored";
import { readWithGuard } from "../../dynamic/readWithGuard";
import { reconcileWrite } from "../../dynamic/reconcileWrite";
import { RelayGroupJournal } from "./RelayGroupJournal";
import { groupsOf, toApiServers } from "./relayGroupV3Mapping";
import {
  type RelayGroupV3Inputs,
  relayGroupV3Id,
  relayGroupV3InputsSchema,
  relayGroupV3KeyOfId,
} from "./relayGroupV3Inputs";
import type { RelayServer } from "./RelayServer";

const KIND = "RelayGroupV3";
const SPEC = {
  kind: KIND,
  schema: relayGroupV3InputsSchema,
  replaceKeys: ["vhost", "app", "group"],
  updateKeys: ["servers"],
  idOf: relayGroupV3Id,
} as const;

/**
 * One group of a play-triggered relay configuration. The service stores groups per (Vhost, App) and may replace
 * all of them on update, so every write is a read-modify-write of the whole configuration under a per-key lock,
 * and deletes name the group.
 */
export class RelayGroupV3Provider extends ConfigurationProvider<typeof SPEC.schema> {
  private readonly journal = new RelayGroupJournal();

  constructor(runtime: ProviderRuntime) {
    super(runtime, SPEC);
  }

  async create(inputs: Record<string, unknown>) {
    const desired = parse(inputs);
    const id = relayGroupV3Id(desired);
    const outs = outputs(desired);
    await this.runtime.locks.run(lockKey(desired), async () => {
      // What the service holds decides a conflict; only our own recent deletes are discounted (a lagging read).
      const held = groupsOf(await this.describeVhost(desired.vhost, true), desired.app);
      const existing = this.journal.deletedGroups(desired.vhost, desired.app).has(desired.group)
        ? undefined
        : held.get(desired.group);
      if (existing !== undefined) this.runtime.ledger.admit(KIND, id, desired.adopt);
      const groups = this.journal.overlay(desired.vhost, desired.app, held);
      await this.runtime.ledger.writing(KIND, id, "create", () =>
        this.writeGroup(desired, async () => groups, existing),
      );
    });
    return { id, outs };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const mark = lookupMark(props);
    if (mark !== undefined) return this.lookUp(id, mark, props);
    const key = parse(props);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.findGroup(key, fresh));
    if (found === undefined) {
      this.journal.forget(key.vhost, key.app, key.group);
      return { id: "" };
    }
    // As inputs too: drift is then in the recorded inputs, which `preview --diff` compares field by field.
    const held = outputs({ ...key, servers: found });
    return { id, props: held, inputs: held };
  }

  /**
   * `RelayGroupV3.get` (or a refresh of what one recorded, see lookupMark): the group the ID names, as the service
   * describes it.
   */
  private async lookUp(id: string, mark: LookupMark, state: Record<string, unknown>) {
    const key = lookupKey(KIND, id, relayGroupV3KeyOfId(id), SPEC.replaceKeys, state);
    const found = await readWithGuard(this.runtime.readGuardDelaysMs, (fresh) => this.findGroup(key, fresh));
    return lookedUp(KIND, id, mark, found && outputs({ ...key, servers: found, adopt: false }));
  }

  async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const desired = parse(news);
    const previous = parse(olds).servers;
    await this.runtime.locks.run(lockKey(desired), () =>
      this.runtime.ledger.writing(KIND, relayGroupV3Id(desired), "update", () =>
        this.writeGroup(desired, () => this.currentGroups(desired, true), previous),
      ),
    );
    return { outs: outputs(desired) };
  }

  async delete(_id: string, props: Record<string, unknown>) {
    const key = parse(props);
    await this.runtime.locks.run(lockKey(key), async () => {
      let sent = false;
      await deleteConfiguration(this.runtime, {
        kind: KIND,
        outputs: props,
        key,
        idOf: relayGroupV3Id,
        isPresentAt: async (at) => groupsOf(await this.describeVhost(at.vhost, true), at.app).has(at.group),
        send: async () => {
          sent = true;
          await deleteRelaySourceV3(this.runtime.client, {
            Vhost: key.vhost,
            ...(key.app === "" ? {} : { App: key.app }),
            Group: key.group,
          });
        },
        invalidate: () => this.runtime.reads.invalidate(cacheKey(key.vhost)),
      });
      if (sent) this.journal.record(key.vhost, key.app, key.group, undefined);
    });
  }

  /** The (Vhost, App) groups as the service shows them, with this process's own recent writes laid over. */
  private async currentGroups(key: Pick<RelayGroupV3Inputs, "vhost" | "app">, fresh: boolean) {
    return this.journal.overlay(key.vhost, key.app, groupsOf(await this.describeVhost(key.vhost, fresh), key.app));
  }

  /**
   * Sets our group in the configuration, reconciled with what the service holds when that fails (see
   * reconcileWrite): `before` is what the group held, or undefined when it was not there.
   */
  private async writeGroup(
    desired: RelayGroupV3Inputs,
    groups: () => Promise<Map<string, RelayServer[]>>,
    before: RelayServer[] | undefined,
  ): Promise<void> {
    await reconcileWrite(this.runtime.readGuardDelaysMs, {
      id: relayGroupV3Id(desired),
      send: async () => this.write(desired, await groups()),
      readHeld: () => this.findGroup(desired, true),
      isDeclared: (servers) => canonical(servers) === canonical(desired.servers),
      isPrevious: (servers) => canonical(servers) === canonical(before),
      outputsOf: (servers) => outputs({ ...desired, servers }),
    });
    this.journal.record(desired.vhost, desired.app, desired.group, desired.servers);
  }

  /** Resends every group of the configuration with ours set: correct whether the service merges or replaces. */
  private async write(desired: RelayGroupV3Inputs, groups: Map<string, RelayServer[]>): Promise<void> {
    const next = new Map(groups);
    next.set(desired.group, desired.servers);
    try {
      await updateRelaySourceV3(this.runtime.client, {
        Vhost: desired.vhost,
        ...(desired.app === "" ? {} : { App: desired.app }),
        GroupDetails: [...next].map(([group, servers]) => ({ Group: group, Servers: toApiServers(servers) })),
      });
    } finally {
      this.runtime.reads.invalidate(cacheKey(desired.vhost));
    }
  }

  /** The servers of the group at the key, as the service shows them; undefined when it holds no such group. */
  private async findGroup(key: Pick<RelayGroupV3Inputs, "vhost" | "app" | "group">, fresh: boolean) {
    return groupsOf(await this.describeVhost(key.vhost, fresh), key.app).get(key.group);
  }

  private describeVhost(vhost: string, fresh: boolean): Promise<RelaySourceV3Config[]> {
    return this.runtime.reads.get(
      cacheKey(vhost),
      async () => (await describeRelaySourceV3(this.runtime.client, { Vhost: vhost })).RelaySourceConfigList,
      { fresh },
    ) as Promise<RelaySourceV3Config[]>;
  }
}

function parse(values: Record<string, unknown>): RelayGroupV3Inputs {
  return parseStored(relayGroupV3InputsSchema, values);
}

function outputs(inputs: RelayGroupV3Inputs): Record<string, unknown> {
  return jsonClean({ ...inputs });
}

function lockKey(key: Pick<RelayGroupV3Inputs, "vhost" | "app">): string {
  return `v3\n${key.vhost}\n${key.app}`;
}

function cacheKey(vhost: string): string {
  return `v3\n${vhost}`;
}
