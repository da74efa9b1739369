#!/usr/bin/env bash
# Installs triosharp the way a user gets it: packs the tool (its pointer package and the native AOT linux-x64
# package) into DIR/feed and runs `dotnet tool install --tool-path DIR/tools` from that folder, with a package cache
# of its own so that no earlier build of the same version is picked up. Prints the installed command's path.
# Usage: bench/install-triosharp.sh DIR   (build output goes to DIR/install.log)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: bench/install-triosharp.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -rf "$dir/feed" "$dir/tools" "$dir/packages"
{
    dotnet pack src/TrioSharp.Cli -c Release -o "$dir/feed"
    dotnet pack src/TrioSharp.Cli -c Release -r linux-x64 -o "$dir/feed"
    version=$(dotnet msbuild src/TrioSharp.Cli/TrioSharp.Cli.csproj -getProperty:PackageVersion)
    NUGET_PACKAGES="$dir/packages" dotnet tool install TrioSharp.Cli --version "$version" --tool-path "$dir/tools" \
        --add-source "$dir/feed"
} > "$dir/install.log" 2>&1 || { tail -20 "$dir/install.log" >&2; exit 1; }
echo "$dir/tools/triosharp"
