#!/usr/bin/env bash
# Provides the Pulumi CLI at exactly the version of the @pulumi/pulumi installed in this project: `pulumi`,
# `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`, in one directory, whose path it prints as the
# last line of stdout. Progress and errors go to stderr.
#
#   1. A matching `pulumi` already on PATH, with both plugins beside it, is used as it is.
#   2. Else a cached build is used: ${PULUMI_VOLCENGINE_LIVE_CACHE:-~/.cache/pulumi-volcengine-live}/pulumi-v<ver>/bin.
#   3. Else it is built from the Go modules github.com/pulumi/pulumi/pkg/v3 (cmd/pulumi) and sdk/v3, through a
#      generated wrapper module that carries their replace directives. The Node.js language host is the official
#      module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) when the Go module proxy serves it, else this project's
#      own host (scripts/pulumi-cli/language-host) built against the same sdk/v3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { printf '[pulumi-cli] %s\n' "$*" >&2; }
fail() {
  printf '[pulumi-cli] error: %s\n' "$*" >&2
  exit 1
}

command -v node > /dev/null || fail "node is not on PATH; run this through npm (npm run pulumi-cli) or install Node.js >= 22"
version=$(cd "$root" && node -p "require('@pulumi/pulumi/package.json').version" 2> /dev/null) ||
  fail "@pulumi/pulumi is not installed in $root; run npm install (or npm ci) first"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "unexpected @pulumi/pulumi version '$version'"

# 1. A matching CLI on PATH.
if existing=$(command -v pulumi 2> /dev/null); then
  existing_dir=$(dirname "$(readlink -f "$existing")")
  existing_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$existing" version 2> /dev/null || true)
  if [[ $existing_version == "v$version" && -x $existing_dir/pulumi-language-nodejs && -x $existing_dir/pulumi-resource-pulumi-nodejs ]]; then
    say "using pulumi v$version from $existing_dir"
    echo "$existing_dir"
    exit 0
  fi
fi

# 2. A cached build, keyed by the version and by the inputs this script builds from.
cache_root=${PULUMI_VOLCENGINE_LIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-volcengine-live}
cache="$cache_root/pulumi-v$version"
bin="$cache/bin"
inputs_hash=$(cat "$here/provide-pulumi-cli.sh" "$here/pulumi-cli/pulumi-resource-pulumi-nodejs" \
  "$here"/pulumi-cli/language-host/*.go | sha256sum | cut -c1-16)
stamp="v$version $inputs_hash"
is_cached() {
  [[ -x $bin/pulumi && -x $bin/pulumi-language-nodejs && -x $bin/pulumi-resource-pulumi-nodejs &&
    -f $bin/.provided && $(cat "$bin/.provided") == "$stamp" ]]
}
if is_cached; then
  echo "$bin"
  exit 0
fi

mkdir -p "$cache"
# One build at a time per version: parallel test workers and a demo may all ask at once.
exec 9> "$cache/.lock"
if command -v flock > /dev/null; then
  flock 9
fi
if is_cached; then
  echo "$bin"
  exit 0
fi

# 3. Build from the Go modules.
command -v go > /dev/null || fail "Go is needed to build pulumi v$version from its Go modules, and 'go' is not on PATH.
  Install Go 1.25 or later (https://go.dev/dl/, or e.g. 'apt-get install golang-go' where that is recent enough),
  or put pulumi v$version, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs on PATH."
say "providing pulumi v$version in $bin (first time: downloads about 1.6 GB of Go modules and builds for several minutes)"
started=$SECONDS
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export GOTOOLCHAIN=${GOTOOLCHAIN:-auto}

pkg=github.com/pulumi/pulumi/pkg/v3
sdk=github.com/pulumi/pulumi/sdk/v3
official_host=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

module_json() { go mod download -json "$1" 2> /dev/null; }
pkg_json=$(module_json "$pkg@v$version") || fail "the Go module proxy ($(go env GOPROXY)) has no $pkg@v$version.
  Pin @pulumi/pulumi to a version whose CLI module it serves, or put pulumi v$version on PATH."
sdk_json=$(module_json "$sdk@v$version") || fail "the Go module proxy ($(go env GOPROXY)) has no $sdk@v$version"

# The wrapper module: the go directive and non-local replace directives of pkg/v3 and sdk/v3.
src="$cache/src"
rm -rf "$src"
mkdir -p "$src/cmd/pulumi-language-nodejs"
PKG_JSON=$pkg_json SDK_JSON=$sdk_json node - "$src/go.mod" "$version" << 'EOF'
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const [goModPath, version] = process.argv.slice(2);
const modFiles = [JSON.parse(process.env.PKG_JSON).GoMod, JSON.parse(process.env.SDK_JSON).GoMod];
const replaces = new Map();
let goVersion = "1.21";
const newer = (a, b) => a.split(".").map(Number).reduce((d, n, i) => d || n - (Number(b.split(".")[i]) || 0), 0) > 0;
for (const file of modFiles) {
  const mod = JSON.parse(execFileSync("go", ["mod", "edit", "-json", file], { encoding: "utf8" }));
  if (mod.Go && newer(mod.Go, goVersion)) goVersion = mod.Go;
  for (const r of mod.Replace ?? []) {
    // Local replaces (../sdk) point into the pulumi repository itself; the wrapper requires those modules instead.
    if (!r.New.Version) continue;
    const old = r.Old.Path + (r.Old.Version ? " " + r.Old.Version : "");
    replaces.set(old, `${r.New.Path} ${r.New.Version}`);
  }
}
const lines = [
  "// Generated by scripts/provide-pulumi-cli.sh of pulumi-volcengine-live.",
  "module pulumi-volcengine-live.invalid/pulumi-cli",
  "",
  `go ${goVersion}`,
  "",
  "require (",
  `\tgithub.com/pulumi/pulumi/pkg/v3 v${version}`,
  `\tgithub.com/pulumi/pulumi/sdk/v3 v${version}`,
  ")",
  "",
  ...[...replaces].map(([old, now]) => `replace ${old} => ${now}`),
  "",
];
fs.writeFileSync(goModPath, lines.join("\n"));
EOF

# The official language host has no tags of its own: ask for it at the commit of the pkg/v<version> tag.
commit=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Origin?.Hash ?? "")' "$pkg_json")
host_package=./cmd/pulumi-language-nodejs
if [[ -n $commit ]] && host_json=$(module_json "$official_host@$commit"); then
  host_version=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Version)' "$host_json")
  say "language host: the official $official_host@$host_version"
  (cd "$src" && go mod edit -require="$official_host@$host_version")
  host_package=$official_host
  rmdir "$src/cmd/pulumi-language-nodejs" "$src/cmd"
else
  say "language host: the official module is not served by $(go env GOPROXY); building scripts/pulumi-cli/language-host against $sdk@v$version"
  cp "$here"/pulumi-cli/language-host/*.go "$src/cmd/pulumi-language-nodejs/"
fi
# Keeps the CLI's main package in the module graph for the build below.
printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd/pulumi"\n' "$pkg" > "$src/tools.go"

say "downloading Go modules into $(go env GOMODCACHE)"
(cd "$src" && go mod tidy) >&2 || fail "resolving the Go modules failed (see above)"
say "modules ready after $((SECONDS - started)) s; building (release flags, CGO off)"

staging="$cache/bin.partial"
rm -rf "$staging"
mkdir -p "$staging"
ldflags="-w -s -X $sdk/go/common/version.Version=v$version"
(cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$staging/pulumi" "$pkg/cmd/pulumi") >&2 || fail "building pulumi failed (see above)"
(cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$staging/pulumi-language-nodejs" "$host_package") >&2 || fail "building pulumi-language-nodejs failed (see above)"
cp "$here/pulumi-cli/pulumi-resource-pulumi-nodejs" "$staging/"
chmod +x "$staging/pulumi-resource-pulumi-nodejs"

built_version=$(PULUMI_SKIP_UPDATE_CHECK=true "$staging/pulumi" version)
[[ $built_version == "v$version" ]] || fail "the built pulumi reports '$built_version', expected v$version"
echo "$stamp" > "$staging/.provided"
rm -rf "$bin"
mv "$staging" "$bin"
say "pulumi v$version ready in $bin after $((SECONDS - started)) s ($(du -sh "$bin/pulumi" | cut -f1) pulumi, $(du -sh "$bin/pulumi-language-nodejs" | cut -f1) language host)"
echo "$bin"
