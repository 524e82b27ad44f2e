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

# kill_tree PID...: SIGTERM to each PID and every descendant of it, all
# found before any is signalled (a dead parent's children move to init
# and could no longer be found), then SIGCONT so that a stopped one acts
# on it.
kill_tree() {
	local pids=("$@") i=0 kid
	while [ "$i" -lt ${#pids[@]} ]; do
		for kid in $(pgrep -P "${pids[i]}" 2>/dev/null || true); do
			pids+=("$kid")
		done
		i=$((i + 1))
	done
	[ ${#pids[@]} = 0 ] || { kill -TERM "${pids[@]}"; kill -CONT "${pids[@]}"; } 2>/dev/null || true
}

# source_id TREE: what a build of kernel tree TREE is made from: its HEAD,
# plus a hash of the uncommitted changes (untracked files included) if
# there are any.
source_id() {
	local head st
	head=$(git -C "$1" rev-parse HEAD)
	st=$(git -C "$1" status --porcelain)
	if [ -z "$st" ]; then
		echo "$head"
	else
		echo "$head+$({ git -C "$1" diff HEAD; echo "$st"
			git -C "$1" ls-files -o --exclude-standard -z |
				(cd "$1" && xargs -0r sha1sum); } | sha1sum | cut -c1-12)"
	fi
}

# require_fresh STAMP WHAT: dies unless build stamp STAMP ("TREE ID", written
# by build-kernel or build-selftests) matches what TREE is now.
require_fresh() {
	local tree='' id='' cur
	[ -f "$1" ] && read -r tree id <"$1"
	[ -n "$id" ] || die "$2 has no build stamp ($1): rebuild it (make kernel selftests)"
	cur=$(source_id "$tree")
	[ "$cur" = "$id" ] || die "$2 was built from $tree at ${id:0:12}, which is now at ${cur:0:12}: rebuild it (make kernel selftests), or pass --stale to use it anyway"
}

# pipeline_lock: one pipeline run per build directory. Holds $BUILD/.lock
# (flock) until the calling script and every child that inherited it exit;
# a script started by a lock holder (THP_LOCK_HELD) does not take it again.
# Another run's lock is an error, not a wait.
pipeline_lock() {
	local fd
	[ "${THP_LOCK_HELD:-}" != "$BUILD" ] || return 0
	mkdir -p "$BUILD"
	exec {fd}>>"$BUILD/.lock"
	if ! flock -n "$fd"; then
		local owner pid
		owner=$(cat "$BUILD/.lock.owner" 2>/dev/null || echo '(owner unknown)')
		pid=$(sed -n 's/^pid \([0-9]*\) .*/\1/p' <<<"$owner")
		[ -z "$pid" ] || kill -0 "$pid" 2>/dev/null ||
			owner+=" (that process has exited; what it started still holds the lock: fuser -v $BUILD/.lock)"
		die "another pipeline run is using $BUILD: $owner; wait for it, or use another checkout"
	fi
	printf 'pid %s since %s UTC: %s\n' "$$" "$(date -u +%H:%M:%S)" \
		"$(tr '\0' ' ' <"/proc/$$/cmdline")" >"$BUILD/.lock.owner"
	export THP_LOCK_HELD=$BUILD
}

# owned_dir DIR MARK: true when DIR does not exist, is empty, or holds the
# file MARK that the script which created it left there: a directory a
# script may remove and recreate.
owned_dir() {
	[ ! -L "$1" ] || return 1
	[ ! -e "$1" ] || [ -f "$1/$2" ] || { [ -d "$1" ] && [ -z "$(ls -A "$1")" ]; }
}
