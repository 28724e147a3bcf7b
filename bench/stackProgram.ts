/**
 * The program of every benchmark stack (copied in as its index.ts): it declares the resources listed in
 * resources.json next to it, in that order, and exports nothing, so the state holds the resources alone.
 */
import * as fs from "fs";
import * as path from "path";
import { FixedRelayV4, LiveCallback, RelayGroupV3 } from "pulumi-volcengine-live";

const CLASSES = { RelayGroupV3, FixedRelayV4, LiveCallback };

const specs: Record<string, { kind: keyof typeof CLASSES; args: never }> = JSON.parse(
  fs.readFileSync(path.join(__dirname, "resources.json"), "utf8"),
);
for (const [name, spec] of Object.entries(specs)) {
  new CLASSES[spec.kind](name, spec.args);
}
