import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dynamic";

/**
 * The provider object Pulumi serializes into state as `__provider`. It holds nothing but the resource kind: each
 * method requires the implementation from the installed package when it runs (resolved from the program
 * directory, the provider process's working directory). So an upgraded package reaches refresh and delete of
 * existing resources, credentials are never captured, and every resource shares one implementation module.
 */
export function thinProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  /* eslint-disable @typescript-eslint/no-require-imports -- loading at call time, from the program's node_modules, is the point */
  return {
    async configure(request) {
      require("pulumi-volcengine-live/dynamic").configure(request);
    },
    async check(olds, news) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-volcengine-live/dynamic").providerFor(kind).delete(id, props);
    },
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
