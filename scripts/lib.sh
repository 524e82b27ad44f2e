# shellcheck shell=bash disable=SC2034
# Common helpers for the project's scripts. Source it; it defines paths and
# small functions and has no side effects beyond that.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS=$TOP/scripts
# shellcheck source=base.env
. "$SCRIPTS/base.env"
# shellcheck source=series.env
. "$SCRIPTS/series.env"

BUILD=${BUILD:-$TOP/build}
KTREE=$BUILD/linux		# kernel git tree: tag "base" + series branch
KOBJ=$BUILD/obj			# O= directory of the test kernel
KSELFTEST=$BUILD/kselftest	# installed kselftests (mm)
CACHE=${THP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thp-series}
SHARED_BASE=${SHARED_BASE:-$TOP/../shared/base}

case $TOP$BUILD in
*[[:space:]:,]*) echo "error: the checkout path must not contain spaces, ':' or ',' (kbuild and qemu cannot use it): $TOP" >&2
	exit 1 ;;
esac

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Patches listed in $TOP/series, in order, comments and blank lines dropped.
series_patches() {
	[ -f "$TOP/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$TOP/series"
}

# Run git with the project identity, for commits the scripts create.
git_as_project() {
	GIT_AUTHOR_NAME=$SERIES_AUTHOR_NAME GIT_AUTHOR_EMAIL=$SERIES_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME=$SERIES_AUTHOR_NAME GIT_COMMITTER_EMAIL=$SERIES_AUTHOR_EMAIL \
		git "$@"
}

# The clang of make check's tip build (the kernel needs 17.0.1 or later;
# bookworm has 19 as clang-19).
LLVM_VERSION=19

jobs_default() { echo $(($(nproc) + 1)); }

# Elapsed time helper: "t0=$(now)"; "... took $(since "$t0")".
now() { date +%s; }
since() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# make in the kernel tree, out of tree, with ccache and reproducible stamps.
# usage: kmake OBJDIR [ARCH] -- make-args...
kmake() {
	local obj arch=$2
	obj=$(realpath -m "$1")
	shift 3
	local cc=gcc cross=''
	if [ "$arch" != x86_64 ]; then
		cross=$(cross_prefix "$arch")
		cc=${cross}gcc
	fi
	CCACHE_BASEDIR=$BUILD KBUILD_BUILD_USER=thp-series KBUILD_BUILD_HOST=vm \
	KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026' \
		make -C "$KTREE" O="$obj" ARCH="${arch/x86_64/x86}" \
		${cross:+CROSS_COMPILE=$cross} CC="ccache $cc" "$@"
}

cross_prefix() {
	case $1 in
	arm64) echo aarch64-linux-gnu- ;;
	riscv) echo riscv64-linux-gnu- ;;
	powerpc) echo powerpc64le-linux-gnu- ;;
	s390) echo s390x-linux-gnu- ;;
	sparc) echo sparc64-linux-gnu- ;;
	arm) echo arm-linux-gnueabihf- ;;
	*) die "no cross compiler known for ARCH=$1" ;;
	esac
}

# Filter a long build log: show errors/warnings, a progress line every 200
# objects, and keep the whole log in $1.
build_progress() {
	awk -v logf="$1" '
		{ print > logf }
		/ (CC|AS|LD|AR)  / { n++; if (n % 200 == 0) { printf("  ... %d objects\n", n); fflush() } }
		/ error:|Error [0-9]| warning:|\*\*\*/ { print; fflush() }
		END { printf("  %d objects compiled or linked\n", n) }'
}
