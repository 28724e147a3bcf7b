import type { RelayServer } from "./RelayServer";

interface JournalEntry {
  readonly servers: RelayServer[] | undefined;
  readonly at: number;
}

const MAX_AGE_MS = 10 * 60 * 1000;

/**
 * The groups this process wrote (or deleted) per (Vhost, App), laid over what DescribeRelaySourceV3 returns.
 * A read-modify-write must resend every group of the configuration (the service may replace them all), and a read
 * that lags our own earlier write would otherwise make that write vanish.
 */
export class RelayGroupJournal {
  private readonly entries = new Map<string, Map<string, JournalEntry>>();

  record(vhost: string, app: string, group: string, servers: RelayServer[] | undefined): void {
    const key = `${vhost}\n${app}`;
    let groups = this.entries.get(key);
    if (groups === undefined) {
      groups = new Map();
      this.entries.set(key, groups);
    }
    groups.set(group, { servers, at: Date.now() });
  }

  /** Drops what we know of a group: a read confirmed the service no longer has it. */
  forget(vhost: string, app: string, group: string): void {
    this.entries.get(`${vhost}\n${app}`)?.delete(group);
  }

  /** Groups this process deleted recently: a lagging read may still show them. */
  deletedGroups(vhost: string, app: string): Set<string> {
    const deleted = new Set<string>();
    const now = Date.now();
    for (const [group, entry] of this.entries.get(`${vhost}\n${app}`) ?? []) {
      if (entry.servers === undefined && now - entry.at <= MAX_AGE_MS) deleted.add(group);
    }
    return deleted;
  }

  overlay(vhost: string, app: string, groups: ReadonlyMap<string, RelayServer[]>): Map<string, RelayServer[]> {
    const result = new Map(groups);
    const now = Date.now();
    for (const [group, entry] of this.entries.get(`${vhost}\n${app}`) ?? []) {
      if (now - entry.at > MAX_AGE_MS) continue;
      if (entry.servers === undefined) result.delete(group);
      else result.set(group, entry.servers);
    }
    return result;
  }
}
