// Each test drives several CLI commands of a few seconds each; a hung command still fails the run.
jest.setTimeout(300_000);
