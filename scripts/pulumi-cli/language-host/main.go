// Command pulumi-language-nodejs is a Node.js language host for the Pulumi engine. It serves the LanguageRuntime
// gRPC service and runs a program with the @pulumi/pulumi runtime installed in that program's own node_modules
// (`@pulumi/pulumi/cmd/run`), the way the official host does.
//
// scripts/provide-pulumi-cli.sh builds it against the same github.com/pulumi/pulumi/sdk/v3 version as the `pulumi`
// binary when the official host's Go module cannot be downloaded. It implements what `pulumi up`, `preview`,
// `refresh`, `destroy` and `stack` need; see the README ("How the CLI is provided") for what it leaves out.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func main() {
	// The engine may prepend its logging and tracing flags (plugin.buildPluginArguments); the official host's own
	// flags are accepted too, so an engine configured for it can start this one.
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the program")
	flags.Bool("logtostderr", false, "accepted for compatibility; logs always go to stderr")
	flags.Int("v", 0, "accepted for compatibility")
	flags.Bool("typescript", true, "accepted for compatibility; Pulumi.yaml's runtime options decide")
	flags.String("root", "", "accepted for compatibility; the engine sends the project root with each request")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}

	var engineAddress string
	if flags.NArg() > 0 {
		engineAddress = flags.Arg(0)
	}

	nodePath, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not find node on the PATH: %v\n", err)
		os.Exit(1)
	}

	host := newNodeLanguageHost(nodePath, engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: the gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}
