import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dynamic";

/**
 * The provider object Pulumi serializes into state as `__provider`. It holds nothing but the resource kind: each
 * method requires the implementation from the installed package when it runs (resolved from the program
 * directory, the provider process's working directory). So an upgraded package reaches refresh and delete of
 * existing resources, credentials are never captured, and every resource shares one implementation module.
 *
 * Refresh and destroy need the package for as long as resources exist: if it is gone from the program directory,
 * each call fails saying so (only for the package itself missing: a broken installation keeps its own error), with
 * the error code in place of the stack, which the host prints for a failed read or delete. The function body is
 * stored with every resource, twice: comments stay out here.
 */
export function thinProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  /* eslint-disable @typescript-eslint/no-require-imports -- loading at call time, from the program's node_modules, is the point */
  const implementation = () => {
    try {
      return require("pulumi-volcengine-live/dynamic");
    } catch (error) {
      if (!String((error as Error)?.message).startsWith("Cannot find module 'pulumi-volcengine-live/dynamic'")) {
        throw error;
      }
      const code = "VOLC_LIVE_ERR_CONFIGURATION";
      const message =
        "pulumi-volcengine-live is not installed in the program's directory, and it must stay installed until its " +
        "resources are destroyed: reinstall it (`npm install pulumi-volcengine-live`) and run the command again";
      throw Object.assign(new Error(message), { name: "ConfigurationError", code, stack: code });
    }
  };
  return {
    async configure(request) {
      implementation().configure(request);
    },
    async check(olds, news) {
      return implementation().providerFor(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return implementation().providerFor(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return implementation().providerFor(kind).create(inputs);
    },
    async read(id, props) {
      return implementation().providerFor(kind).read(id, props);
    },
    async update(id, olds, news) {
      return implementation().providerFor(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return implementation().providerFor(kind).delete(id, props);
    },
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
