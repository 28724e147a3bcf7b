// Jest's globalSetup for the e2e project: the real Pulumi CLI and a workspace with the packed package installed.
export { default } from "../../../scripts/lib/prepareE2eWorkspace";
