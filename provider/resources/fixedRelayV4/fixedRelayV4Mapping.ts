import type { RelaySourceV4Item } from "../../api/relaySourceV4";
import type { FixedRelayV4Inputs } from "./fixedRelayV4Inputs";

/** The one place FixedRelayV4's camelCase inputs meet the API's PascalCase fields. */
export function toApiSpec(inputs: FixedRelayV4Inputs) {
  return {
    Domain: inputs.domain,
    App: inputs.app,
    Stream: inputs.stream,
    SrcAddrS: [...inputs.sourceUrls],
    ...(inputs.startTime === undefined ? {} : { StartTime: inputs.startTime }),
    ...(inputs.endTime === undefined ? {} : { EndTime: inputs.endTime }),
  };
}

/** A listed relay as inputs; a permanent relay (times 0) has no startTime/endTime. */
export function fromApiItem(item: RelaySourceV4Item): Omit<FixedRelayV4Inputs, "adopt"> {
  const permanent = item.StartTime === 0 && item.EndTime === 0;
  return {
    domain: item.Domain,
    app: item.App,
    stream: item.Stream,
    sourceUrls: [...item.SrcAddrS],
    ...(permanent ? {} : { startTime: item.StartTime, endTime: item.EndTime }),
  };
}

export function sameSpec(item: RelaySourceV4Item, inputs: FixedRelayV4Inputs): boolean {
  const actual = fromApiItem(item);
  return (
    JSON.stringify(actual.sourceUrls) === JSON.stringify(inputs.sourceUrls) &&
    actual.startTime === inputs.startTime &&
    actual.endTime === inputs.endTime
  );
}
