package main

import (
	"context"
	"os/exec"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

// nodeLanguageHost serves the LanguageRuntime methods the engine needs to run a Node.js program. The others answer
// Unimplemented, which the engine treats as "this host predates that method".
type nodeLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	nodePath      string
	engineAddress string
	tracing       string

	mu       sync.Mutex
	running  map[*exec.Cmd]struct{}
	canceled bool
}

func newNodeLanguageHost(nodePath, engineAddress, tracing string) *nodeLanguageHost {
	return &nodeLanguageHost{
		nodePath:      nodePath,
		engineAddress: engineAddress,
		tracing:       tracing,
		running:       map[*exec.Cmd]struct{}{},
	}
}

func (h *nodeLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	// Set at build time with -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v<version>.
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *nodeLanguageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// Cancel stops the programs this host is running, so that an interrupted `pulumi up` does not leave a Node.js
// process registering resources behind it.
func (h *nodeLanguageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.canceled = true
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	return &emptypb.Empty{}, nil
}

// track registers a started program so Cancel can reach it; the returned function forgets it again.
func (h *nodeLanguageHost) track(cmd *exec.Cmd) (forget func(), canceled bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.running[cmd] = struct{}{}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.running, cmd)
	}, h.canceled
}

func (h *nodeLanguageHost) currentEngineAddress() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}
