import * as pulumi from "@pulumi/pulumi";
import { FixedRelayV4 } from "../../provider/resources/fixedRelayV4/FixedRelayV4";
import { LiveCallback } from "../../provider/resources/liveCallback/LiveCallback";
import { RelayGroupV3 } from "../../provider/resources/relayGroupV3/RelayGroupV3";
import { recordRegisterRequests } from "../../scripts/lib/recordRegisterRequests";

/**
 * The engine starts steps in the order resources register. Resources of all three kinds declared interleaved must
 * register interleaved: grouped by kind, the kinds would run one after another, each held to its own action's rate
 * limit. The resource classes serialize nothing, so nothing makes one kind wait for another.
 */
describe("registration order of resources declared in one turn", () => {
  const order: string[] = [];
  const dependencies = new Map<string, string[]>();

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          order.push(args.name);
          return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    recordRegisterRequests((request) => dependencies.set(request.getName(), request.getDependenciesList()));
  });

  function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
  }

  it("follows declaration order across kinds, and keeps each resource's own dependsOn", async () => {
    const declared: pulumi.CustomResource[] = [];
    const declaredNames: string[] = [];
    for (let index = 0; index < 4; index++) {
      declaredNames.push(`callback-${index}`, `relay-${index}`, `group-${index}`);
      const callback = new LiveCallback(`callback-${index}`, {
        vhost: "push.example.com",
        app: `app${index}`,
        messageType: "push",
        callbacks: [{ url: "https://hooks.example.com/push" }],
      });
      const relay = new FixedRelayV4(`relay-${index}`, {
        domain: "pull.example.com",
        app: "live",
        stream: `s${index}`,
        sourceUrls: [`rtmp://origin.example.com/live/s${index}`],
      });
      const group = new RelayGroupV3(
        `group-${index}`,
        {
          vhost: "push.example.com",
          group: `g${index}`,
          servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
        },
        { dependsOn: relay },
      );
      declared.push(callback, relay, group);
    }
    await Promise.all(declared.map((resource) => settled(resource.urn)));

    expect(order).toEqual(declaredNames);
    expect(dependencies.get("group-2")).toEqual([await settled((declared[7] as pulumi.CustomResource).urn)]);
    expect(dependencies.get("relay-2")).toEqual([]);
  });
});
