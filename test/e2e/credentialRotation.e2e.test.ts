import { startEmulator, type RunningEmulator } from "../../emulator";
import { E2eStack } from "../../scripts/lib/E2eStack";

describe("rotating credentials in the environment", () => {
  let emulator: RunningEmulator | undefined;
  let stack: E2eStack | undefined;

  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("takes effect on the next plain destroy, with no up in between", async () => {
    const accessKeyId = "AKLTrotationE2eKey";
    emulator = await startEmulator({ credentials: [{ accessKeyId, secretAccessKey: "first-secret-0001" }] });
    stack = await E2eStack.create("rotation", emulator);
    stack.setResources({
      relay: {
        kind: "FixedRelayV4",
        args: {
          domain: "play.e2e-rotation.example.com",
          app: "live",
          stream: "s1",
          sourceUrls: ["rtmp://origin.example.com/live/s1"],
        },
      },
    });
    await stack.up();

    // The service now accepts only the new secret, on the same endpoint, with the same data.
    const port = Number(new URL(emulator.url).port);
    const world = emulator.state();
    await emulator.stop();
    emulator = await startEmulator({ port, credentials: [{ accessKeyId, secretAccessKey: "second-secret-0002" }] });
    emulator.setState(world);
    stack.setEnvironment({ VOLCENGINE_SECRET_KEY: "second-secret-0002" });

    await stack.destroy();

    expect(emulator.state().accounts[accessKeyId]?.relaySourcesV4).toEqual([]);
    const codes = emulator.requests().requests.map((request) => request.code);
    expect(codes).not.toContain("SignatureDoesNotMatch");
  });
});
