import type * as pulumi from "@pulumi/pulumi";
import { LOOKUP_FIELD } from "../dynamic/lookupMark";

/**
 * What a resource's constructor sends: the props it built from its args, or, given an ID (a `get`, its args then
 * being the state), a lookup: every name of those props (the SDK gives the instance an output for each name sent),
 * each set only where the state sets it (a default would claim a key field the ID may contradict), the provider
 * text, and the lookup mark.
 */
export function sentProps(
  props: Record<string, unknown>,
  state: object,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, unknown> {
  if (opts?.id === undefined) return props;
  const lookup: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    lookup[name] = (state as Record<string, unknown>)[name] === undefined ? undefined : value;
  }
  return { ...lookup, __provider: props.__provider, [LOOKUP_FIELD]: "get" };
}
