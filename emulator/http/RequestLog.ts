export interface RequestLogEntry {
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly accessKeyId: string | undefined;
  /** The key fields of the body that were present: Vhost, Domain, App, Group, Stream, MessageType. */
  readonly keys: Record<string, string>;
  readonly status: number;
  readonly code: string | undefined;
  readonly durationMs: number;
  readonly faults: readonly string[];
  /** Whether the action changed the world (apply-then-fail included). */
  readonly applied: boolean;
}

export interface ActionCounters {
  requests: number;
  errors: number;
  byCode: Record<string, number>;
}

const KEY_FIELDS = ["Vhost", "Domain", "App", "Group", "Stream", "MessageType"];
const MAX_ENTRIES = 200_000;

/** Every API call, in arrival order, plus counters per action. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counters: Record<string, ActionCounters> = {};
  private seq = 0;

  record(entry: Omit<RequestLogEntry, "seq">): void {
    this.seq += 1;
    if (this.entries.length >= MAX_ENTRIES) this.entries.shift();
    this.entries.push({ seq: this.seq, ...entry });
    const counter = (this.counters[entry.action] ??= { requests: 0, errors: 0, byCode: {} });
    counter.requests += 1;
    if (entry.code !== undefined) {
      counter.errors += 1;
      counter.byCode[entry.code] = (counter.byCode[entry.code] ?? 0) + 1;
    }
  }

  snapshot(): { requests: RequestLogEntry[]; counters: Record<string, ActionCounters> } {
    return { requests: [...this.entries], counters: structuredClone(this.counters) };
  }

  clear(): void {
    this.entries = [];
    this.counters = {};
  }
}

export function keyFields(body: unknown): Record<string, string> {
  const keys: Record<string, string> = {};
  if (typeof body === "object" && body !== null) {
    for (const field of KEY_FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === "string") keys[field] = value;
    }
  }
  return keys;
}
