/**
 * What every resource stores besides its own properties, per kind: its type token and its `__provider` text. Both
 * are fixed forever.
 *
 * - The type token `pulumi-nodejs:dynamic/volcengine-live:<Kind>` is part of the resource's URN: changing it would
 *   make Pulumi replace users' resources.
 * - The provider text is what Pulumi's dynamic-provider host loads to serve the resource, in every command, from
 *   state alone for refresh and destroy: it compiles the text as a module, from the program directory, and calls
 *   its `handler()`. Ours only requires this package's `dynamic` entry point at that moment, so the installed
 *   version always serves (an upgrade reaches existing resources), no credential or code is captured, and every
 *   resource of a kind stores the same few hundred bytes. The host caches providers by text; a different text in
 *   state than in the program changes nothing else (it forces no replacement).
 *
 * If the package cannot be loaded from the program directory, each call fails saying to reinstall it, followed by
 * the first line of the loader's error, with the error code in place of a stack (the host prints the stack of a
 * failed read or delete).
 *
 * Stacks written by 0.1.0 store a serialized closure instead; it requires the same entry point and calls
 * `configure` and `providerFor` (see `handler.ts`), which therefore stay.
 */
export const RESOURCE_TYPES = {
  RelayGroupV3: resourceType("RelayGroupV3"),
  FixedRelayV4: resourceType("FixedRelayV4"),
  LiveCallback: resourceType("LiveCallback"),
} as const;

export type ResourceKind = keyof typeof RESOURCE_TYPES;

function resourceType<Kind extends string>(kind: Kind) {
  return {
    token: `pulumi-nodejs:dynamic/volcengine-live:${kind}`,
    // Stored twice with every resource (inputs and outputs): kept short, hence on one line.
    providerText:
      `exports.handler=()=>{let d;try{d=require("pulumi-volcengine-live/dynamic")}catch(e){e.message="pulumi-` +
      `volcengine-live must stay installed until its resources are destroyed: npm install pulumi-volcengine-live ("+` +
      `e.message.split("\\n")[0]+")";e.code=e.stack="VOLC_LIVE_ERR_CONFIGURATION";throw e}return d.handler("${kind}")}`,
  } as const;
}
