package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The @pulumi/pulumi runtime exits with this code after it has already shown the user an actionable error; the
// engine is then told to bail without adding a message of its own.
const exitCodeAfterReportedError = 32

// Run executes the program with the node on PATH and the @pulumi/pulumi runtime resolved from the program's own
// directory, so that the program, its dynamic providers and the runtime all share one copy of @pulumi/pulumi.
func (h *nodeLanguageHost) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDirectory := info.GetProgramDirectory()
	if programDirectory == "" {
		programDirectory = req.GetPwd()
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = req.GetProgram() //nolint:staticcheck // engines before ProgramInfo send only this field
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	options := info.GetOptions().AsMap()

	runPath, err := resolveFromDirectory(h.nodePath, programDirectory, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"could not find @pulumi/pulumi in %s (%v). Have you run npm install?", programDirectory, err)}, nil
	}

	env, err := runEnvironment(req, options)
	if err != nil {
		return nil, err
	}

	cmd := exec.Command(h.nodePath, runArguments(req, options, runPath, entryPoint, h.currentEngineAddress(), h.tracing)...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", h.nodePath, err)}, nil
	}
	forget, canceled := h.track(cmd)
	defer forget()
	if canceled {
		_ = cmd.Process.Signal(syscall.SIGTERM)
	}

	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitCodeAfterReportedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", err)}, nil
	}
}

// runArguments builds the command line of @pulumi/pulumi/cmd/run (see its usage text).
func runArguments(
	req *pulumirpc.RunRequest, options map[string]any, runPath, entryPoint, engineAddress, tracing string,
) []string {
	var args []string
	if nodeArgs, ok := options["nodeargs"].(string); ok {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	args = append(args, runPath)
	appendFlag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	appendFlag("monitor", req.GetMonitorAddress())
	appendFlag("engine", engineAddress)
	appendFlag("organization", req.GetOrganization())
	appendFlag("project", req.GetProject())
	appendFlag("root-directory", req.GetInfo().GetRootDirectory())
	appendFlag("stack", req.GetStack())
	appendFlag("pwd", req.GetPwd())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	appendFlag("parallel", strconv.Itoa(int(req.GetParallel())))
	appendFlag("tracing", tracing)
	args = append(args, entryPoint)
	return append(args, req.GetArgs()...)
}

// runEnvironment passes the stack's configuration and the project's runtime options the way the runtime reads
// them (runtime/config.js, cmd/run/run.js).
func runEnvironment(req *pulumirpc.RunRequest, options map[string]any) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("serializing the stack configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing the secret configuration keys: %w", err)
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	// TypeScript through ts-node is the default for `runtime: nodejs`; `options: {typescript: false}` turns it off.
	typescript := true
	if value, ok := options["typescript"].(bool); ok {
		typescript = value
	}
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(typescript))
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}

// resolveFromDirectory asks node to resolve a module the way a program in that directory would.
func resolveFromDirectory(nodePath, directory, module string) (string, error) {
	const script = "try { process.stdout.write(require.resolve(process.argv[1])) } " +
		"catch (e) { process.stderr.write(String(e.message).split('\\n')[0]); process.exit(1) }"
	cmd := exec.Command(nodePath, "-e", script, module)
	cmd.Dir = directory
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if message := strings.TrimSpace(stderr.String()); message != "" {
			return "", errors.New(message)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
