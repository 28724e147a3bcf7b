describe("test runtime", () => {
  it("runs on Node.js 22 or later, as @pulumi/pulumi requires", () => {
    const major = Number(process.versions.node.split(".")[0]);
    expect(major).toBeGreaterThanOrEqual(22);
  });
});
