#!/usr/bin/env bash
# Fetches the Bicep CLI from NuGet (package Azure.Bicep.CommandLine.linux-x64) with a
# restore-only .NET project, and puts it at tools/bicep/bicep (tools/ is git-ignored).
# Idempotent: a second run with the same version does nothing but print the version.
#
#   scripts/fetch-bicep.sh            # version 0.49.2
#   BICEP_VERSION=0.50.0 scripts/fetch-bicep.sh
#
# Needs the .NET SDK (dotnet) and a NuGet feed that serves the package.
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
PACKAGE_ID="azure.bicep.commandline.linux-x64" # NuGet folders are lower-case
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/tools/bicep"
PACKAGES_DIR="$TOOLS_DIR/packages"
TARGET="$TOOLS_DIR/bicep"
STAMP="$TOOLS_DIR/.version"

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  echo "fetch-bicep: this script fetches the linux-x64 build; on $(uname -s)/$(uname -m) install Bicep with 'az bicep install'." >&2
  exit 1
fi

if [[ -x "$TARGET" && -f "$STAMP" && "$(cat "$STAMP")" == "$BICEP_VERSION" ]]; then
  "$TARGET" --version
  exit 0
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "fetch-bicep: dotnet is not on PATH; install the .NET SDK or set BICEP_PATH to a Bicep CLI." >&2
  exit 1
fi

mkdir -p "$PACKAGES_DIR"
# The obj/ folder of the restore goes under tools/ too, so the source tree stays clean.
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet restore \
  "$ROOT/scripts/bicep-restore/bicep-restore.csproj" \
  --packages "$PACKAGES_DIR" \
  -p:BicepVersion="$BICEP_VERSION" \
  -p:BaseIntermediateOutputPath="$TOOLS_DIR/obj/" \
  -p:MSBuildProjectExtensionsPath="$TOOLS_DIR/obj/" \
  --verbosity quiet

SOURCE="$PACKAGES_DIR/$PACKAGE_ID/$BICEP_VERSION/tools/bicep"
if [[ ! -f "$SOURCE" ]]; then
  echo "fetch-bicep: restore finished but $SOURCE is missing" >&2
  exit 1
fi

cp -f "$SOURCE" "$TARGET.tmp"
chmod +x "$TARGET.tmp"
mv -f "$TARGET.tmp" "$TARGET"
echo "$BICEP_VERSION" >"$STAMP"
"$TARGET" --version
