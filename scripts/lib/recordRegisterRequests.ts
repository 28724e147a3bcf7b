import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

/**
 * Under `pulumi.runtime.setMocks`: hands every register request to `record` as the engine would receive it. The
 * mock API's `newResource` sees the inputs only, not the resource options (dependencies, additional secret outputs).
 */
export function recordRegisterRequests(record: (request: RegisterResourceRequest) => void): void {
  const installed = getMonitor();
  if (!(installed instanceof MockMonitor)) throw new Error("call pulumi.runtime.setMocks before recording requests");
  const monitor: MockMonitor = installed;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request: RegisterResourceRequest, callback) => {
    record(request);
    return register(request, callback);
  };
}
