/**
 * Lists every fixed relay of a play domain through the signed client.
 *
 *   VOLCENGINE_ACCESS_KEY=... VOLCENGINE_SECRET_KEY=... npx ts-node examples/client/listRelays.ts pull.example.com
 */
import { LiveClient, listAllRelaySourcesV4 } from "../../provider";

async function main(domain: string): Promise<void> {
  const client = new LiveClient();
  try {
    for (const relay of await listAllRelaySourcesV4(client, domain)) {
      const window = relay.EndTime === 0 ? "permanent" : `${relay.StartTime}..${relay.EndTime}`;
      console.log(`${relay.App}/${relay.Stream} (${window}): ${relay.SrcAddrS.join(", ")}`);
    }
  } finally {
    await client.close();
  }
}

main(process.argv[2] ?? "").catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
