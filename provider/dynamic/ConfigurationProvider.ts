import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { checkInputs } from "./checkInputs";
import { type DiffSpec, diffInputs } from "./diffInputs";
import type { ProviderRuntime } from "./ProviderRuntime";

/**
 * The provider of one kind of configuration, keyed by its resource ID. Check and diff are the same for every kind,
 * given the kind's spec; creating, reading, updating and deleting are the kind's own.
 */
export abstract class ConfigurationProvider<Schema extends z.ZodObject> implements pulumi.dynamic.ResourceProvider {
  protected constructor(
    protected readonly runtime: ProviderRuntime,
    private readonly spec: DiffSpec<Schema>,
  ) {}

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return checkInputs(this.spec, news, this.runtime.ledger);
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffInputs(this.spec, olds, news, this.runtime.ledger);
  }

  abstract create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
}
