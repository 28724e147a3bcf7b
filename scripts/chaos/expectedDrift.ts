import { accountOfStack } from "./accountOfStack";
import type { DesiredStack, ExpectedDrift, OutOfBandEdit, ResourceSpec } from "./ChaosCycle";

/**
 * What the preview after out-of-band edits and a refresh must show for each resource the edits touched: a create
 * for one deleted out of band (the refresh dropped it), else the fields the edit changed, as an update or, when
 * `replaceOnChanges` names one of them, a replacement. Fields compare as the service holds them.
 */
export function expectedDrift(stack: DesiredStack, edits: readonly OutOfBandEdit[]): Record<string, ExpectedDrift> {
  const drift: Record<string, ExpectedDrift> = {};
  for (const edit of edits) {
    if (!("resource" in edit.owner)) continue;
    const name = edit.owner.resource;
    const spec = stack[name];
    if (spec === undefined) continue;
    if (edit.change.startsWith("delete")) {
      drift[name] = { op: "create", fields: [] };
      continue;
    }
    const fields = changedFields(spec, edit);
    if (fields.length === 0) continue;
    const replaces = fields.some((field) => spec.opts?.replaceOnChanges?.includes(field));
    drift[name] = { op: replaces ? "replace" : "update", fields };
  }
  return drift;
}

function changedFields(spec: ResourceSpec, edit: OutOfBandEdit): string[] {
  const declared = accountOfStack([spec]);
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  if (edit.change === "set-group") {
    const group = declared.relaySourcesV3[0]?.GroupDetails[0];
    return differs(group?.Servers, edit.servers) ? ["servers"] : [];
  }
  if (edit.change === "set-relay") {
    const relay = declared.relaySourcesV4[0];
    return [
      ...(differs(relay?.SrcAddrS, edit.relay.SrcAddrS) ? ["sourceUrls"] : []),
      ...(relay?.StartTime !== edit.relay.StartTime ? ["startTime"] : []),
      ...(relay?.EndTime !== edit.relay.EndTime ? ["endTime"] : []),
    ];
  }
  if (edit.change === "set-callback") {
    const callback = declared.callbacks[0];
    return [
      ...(differs(callback?.CallbackDetailList, edit.callback.CallbackDetailList) ? ["callbacks"] : []),
      ...(callback?.TranscodeCallback !== edit.callback.TranscodeCallback ? ["transcodeCallback"] : []),
      ...(callback?.AuthEnable !== edit.callback.AuthEnable ? ["authEnabled"] : []),
      ...(callback?.AuthKeyPrimary !== edit.callback.AuthKeyPrimary ? ["authKey"] : []),
    ];
  }
  return [];
}
