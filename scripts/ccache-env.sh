# Sourced by the build scripts: points ccache at a cache outside the clone and
# makes paths relative to the clone, so any clone of the project hits the cache.
AZBATCH_CACHE="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}"
AZBATCH_CCACHE_ARGS=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_DIR="${CCACHE_DIR:-$AZBATCH_CACHE/ccache}"
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-8G}"
  AZBATCH_CCACHE_ARGS=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
