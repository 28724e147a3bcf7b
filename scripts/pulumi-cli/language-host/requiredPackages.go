package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GetRequiredPackages reports the resource plugins that the program's npm dependencies declare with
// `"pulumi": {"resource": true}` in their package.json, so the engine can load them before the program runs.
func (h *nodeLanguageHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	plugins := resourcePluginsIn(req.GetInfo().GetProgramDirectory())
	packages := make([]*pulumirpc.PackageDependency, 0, len(plugins))
	for _, plugin := range plugins {
		packages = append(packages, &pulumirpc.PackageDependency{
			Name: plugin.Name, Kind: plugin.Kind, Version: plugin.Version, Server: plugin.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// GetRequiredPlugins is the older form of GetRequiredPackages, still called by older engines.
func (h *nodeLanguageHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	directory := req.GetInfo().GetProgramDirectory()
	if directory == "" {
		directory = req.GetPwd() //nolint:staticcheck // older engines send only this field
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: resourcePluginsIn(directory)}, nil
}

type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

// resourcePluginsIn walks directory/node_modules, including scoped and nested node_modules, once per real path.
// Unreadable entries are skipped: a missing plugin is reported by the engine when a resource needs it.
func resourcePluginsIn(directory string) []*pulumirpc.PluginDependency {
	found := map[string]*pulumirpc.PluginDependency{}
	visited := map[string]bool{}
	var walk func(nodeModules string)
	walk = func(nodeModules string) {
		entries, err := os.ReadDir(nodeModules)
		if err != nil {
			return // no node_modules here: nothing to report
		}
		for _, entry := range entries {
			path := filepath.Join(nodeModules, entry.Name())
			if strings.HasPrefix(entry.Name(), "@") {
				walk(path)
				continue
			}
			real, err := filepath.EvalSymlinks(path)
			if err != nil || visited[real] {
				continue
			}
			visited[real] = true
			if plugin := resourcePluginOf(filepath.Join(real, "package.json")); plugin != nil {
				found[plugin.Name+"@"+plugin.Version] = plugin
			}
			walk(filepath.Join(real, "node_modules"))
		}
	}
	walk(filepath.Join(directory, "node_modules"))

	plugins := make([]*pulumirpc.PluginDependency, 0, len(found))
	for _, plugin := range found {
		plugins = append(plugins, plugin)
	}
	sort.Slice(plugins, func(i, j int) bool {
		return plugins[i].Name+"@"+plugins[i].Version < plugins[j].Name+"@"+plugins[j].Version
	})
	return plugins
}

// resourcePluginOf names the plugin a package declares: `pulumi.name`, else the package name without its
// @pulumi/ scope (or leading @), at `pulumi.version`, else the package version.
func resourcePluginOf(packageJSONPath string) *pulumirpc.PluginDependency {
	bytes, err := os.ReadFile(packageJSONPath)
	if err != nil {
		return nil
	}
	var info packageJSON
	if json.Unmarshal(bytes, &info) != nil || !info.Pulumi.Resource {
		return nil
	}
	name := info.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(strings.TrimPrefix(info.Name, "@pulumi/"), "@")
	}
	version := info.Pulumi.Version
	if version == "" {
		version = info.Version
	}
	if name == "" || version == "" {
		return nil
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	return &pulumirpc.PluginDependency{Name: name, Kind: "resource", Version: version, Server: info.Pulumi.Server}
}
