#!/usr/bin/env bash
# Re-fetch the JavaScript graph library that `kg export --format html` inlines into its pages.
#
# The page must work offline and from a single file, so the library lives in the repository
# (kg/data/vendor/) instead of being loaded from a CDN. `npm pack` downloads the published tarball
# from the npm registry exactly as released; we keep only the minified build and its licence.
#
# Usage: scripts/vendor_js.sh [VERSION]     (default: the version pinned below)
set -euo pipefail

CYTOSCAPE_VERSION="${1:-3.34.4}"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
vendor_dir="$repo_root/kg/data/vendor"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

cd "$work_dir"
tarball="$(npm pack --silent "cytoscape@${CYTOSCAPE_VERSION}")"
tar -xzf "$tarball"

mkdir -p "$vendor_dir"
cp package/dist/cytoscape.min.js "$vendor_dir/cytoscape.min.js"
cp package/LICENSE "$vendor_dir/cytoscape.LICENSE"
{
  echo "cytoscape ${CYTOSCAPE_VERSION}"
  echo "source: npm registry, npm pack cytoscape@${CYTOSCAPE_VERSION} ($tarball)"
  echo "sha256 cytoscape.min.js: $(sha256sum "$vendor_dir/cytoscape.min.js" | cut -d' ' -f1)"
} > "$vendor_dir/VERSIONS.txt"
echo "vendored cytoscape ${CYTOSCAPE_VERSION} into $vendor_dir"
