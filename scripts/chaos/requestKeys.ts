import type { RequestLogEntry } from "../../emulator/http/RequestLog";

const DELETE_ACTIONS = new Set(["DeleteRelaySourceV3", "DeleteRelaySourceV4", "DeleteCallback"]);

/** Requests that change, or try to change, the service: everything but Describe and List. */
export function writeRequests(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((entry) => !entry.action.startsWith("Describe") && !entry.action.startsWith("List"));
}

/** The configurations (as configLines keys) that deletes applied by these requests removed. */
export function deletedKeys(entries: readonly RequestLogEntry[]): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) {
    if (!entry.applied || !DELETE_ACTIONS.has(entry.action)) continue;
    const { Vhost: vhost, Domain: domain, App: app = "", Group: group, Stream: stream, MessageType: type } = entry.keys;
    if (entry.action === "DeleteRelaySourceV3") keys.add(`V3 ${vhost}/${app}/${group}`);
    else if (entry.action === "DeleteRelaySourceV4") keys.add(`V4 ${domain}/${app}/${stream}`);
    else keys.add(`Callback ${domain !== undefined ? `domain:${domain}` : `vhost:${vhost}`}/${app}/${type}`);
  }
  return keys;
}

/** One request as a trace line: action, keys, answer, the faults that fired, and whether it changed anything. */
export function describeRequest(entry: RequestLogEntry): string {
  const faults = entry.faults.length > 0 ? ` faults=${entry.faults.join(",")}` : "";
  return (
    `${entry.at} ${entry.action} ${JSON.stringify(entry.keys)} → ${entry.status || "dropped"}` +
    `${entry.code ? ` ${entry.code}` : ""}${faults}${entry.applied ? " applied" : ""}`
  );
}
