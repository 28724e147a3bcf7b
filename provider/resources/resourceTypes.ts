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
 * If the package is gone from the program directory, each call fails saying to reinstall it, with the error code
 * in place of a stack (the host prints the stack of a failed read or delete). A broken installation keeps its own
 * error.
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
    // Stored twice with every resource (inputs and outputs): kept small, hence on one line.
    providerText:
      `exports.handler=()=>{try{return require("pulumi-volcengine-live/dynamic").handler("${kind}")}catch(e){` +
      `if(!/^Cannot find module 'pulumi-volcengine-live\\/dynamic'/.test(e.message))throw e;` +
      `const c="VOLC_LIVE_ERR_CONFIGURATION";throw Object.assign(new Error("pulumi-volcengine-live must stay ` +
      `installed until its resources are destroyed: reinstall it (npm install pulumi-volcengine-live) and run the ` +
      `command again"),{name:"ConfigurationError",code:c,stack:c})}}`,
  } as const;
}
